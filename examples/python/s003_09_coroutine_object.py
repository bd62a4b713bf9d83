# source: seed 003, section "#### 3.2 快速上手" (first block)
# fixes: none
# sleeps scaled by 1/100 (no sleeps here)
# output: prints nothing (empty golden); CPython writes "RuntimeWarning: coroutine 'func' was never awaited" to stderr
async def func():
  pass

result = func()
