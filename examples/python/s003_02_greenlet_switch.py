# source: seed 003, section "####1.1 greenlet 实现协程"
# fixes: none; tabs -> spaces
# sleeps scaled by 1/100 (no sleeps here)
# note: output is 1 3 2 4; when func2 finishes, control returns to the parent (main) greenlet, so nothing
#       after the last gr2.switch() in func1 runs.
from greenlet import greenlet

def func1():
    print(1)     # 第1步：输出1
    gr2.switch() # 第3步：切换func2函数
    print(2)     # 第6步：输出2
    gr2.switch() # 第7步：切换func2函数，从上一次执行的位置继续向后执行

def func2():
    print(3)     # 第4步：输出1
    gr1.switch() # 第5步：切换func1函数，从上一次执行的位置继续向后执行
    print(4)     # 第8步：输出2

gr1 = greenlet(func1)
gr2 = greenlet(func2)

gr1.switch()    # 第0步 去执行func1函数
