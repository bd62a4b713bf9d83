# source: seed 003, section "#### 3.5.2 concurrent.futures.Future对象" (first block)
# fixes: ProcessPoolExcutor -> ProcessPoolExecutor (in the commented-out line)
# sleeps scaled by 1/100
# deterministic: print(fut) printed '<Future at 0x... state=...>' -> prints type(fut).__name__
# nondeterministic: 5 worker threads print 0..9 concurrently, order varies between runs. No golden file.
import time
from concurrent.futures import Future
from concurrent.futures.thread import ThreadPoolExecutor
from concurrent.futures.process import ProcessPoolExecutor


def func(value):
  time.sleep(0.01)
  print(value)

# 创建线程池
pool = ThreadPoolExecutor(max_workers=5)

# 创建进程池  
# pool = ProcessPoolExecutor(max_workers=5)

for i in range(10):
  fut = pool.submit(func,i)
  print(type(fut).__name__)
