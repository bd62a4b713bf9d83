# source: seed 003, section "#### 1.2 yield关键字"
# fixes: none
# sleeps scaled by 1/100 (no sleeps here)
# 生成器函数
def func1():
  yield 1
  yield from func2()  # 跳到func2
  yield 2

def func2():
  yield 3  
  yield 4

# 返回生成器
f1 = func1()
for item in f1:
  print(item)
