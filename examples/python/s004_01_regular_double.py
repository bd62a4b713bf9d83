# source: seed 004, section "## 异步方法" (标准的同步方法)
# fixes: none
# sleeps scaled by 1/100 (no sleeps here)
# output: prints nothing (definition only; empty golden)
def regular_double(x):
  return 2*x
