# source: seed 002, section "### 3.6 concurrent.futures.Future对象" 示例1
# fixes: none
# sleeps scaled by 1/100
# deterministic: print(fut) printed '<Future at 0x... state=running|pending>' -> prints type(fut).__name__
# nondeterministic: every worker prints the same value (submit(func, 1)), but 5 OS threads print concurrently and
#   print() writes the value and the newline separately, so lines interleave (observed "11\n\n"). No golden file.
import time
from concurrent.futures import Future
from concurrent.futures.thread import ThreadPoolExecutor
from concurrent.futures.process import ProcessPoolExecutor


def func(value):
    time.sleep(0.01)
    print(value)
    return 123


# 创建线程池
pool = ThreadPoolExecutor(max_workers=5)

# # 创建进程池
# pool = ProcessPoolExecutor(max_workers=5)


for i in range(10):
    fut = pool.submit(func, 1)
    print(type(fut).__name__)
