# source: seed 000, section "### concurrent.futures.Future对象" (second block)
# fixes: `from concurrent.futures import future` -> Future; processPoolExecutor -> ProcessPoolExecutor
#        (twice); added missing `import asyncio` and `import concurrent.futures`; get_runing_loop -> get_running_loop;
#        func1(value) was called without an argument (TypeError) -> the three calls pass 1, 2, 3
# sleeps scaled by 1/100
# note: the process-pool worker prints "3" from a child process (fork); its stdout is flushed when the pool
#       shuts down, which on a pipe lands before the parent's buffered 'custom process pool None'.
import time
import asyncio
import concurrent.futures
from concurrent.futures import Future
from concurrent.futures.thread import ThreadPoolExecutor
from concurrent.futures.process import ProcessPoolExecutor


def func1(value):
    time.sleep(0.01)
    print(value)
    return


async def main():
    loop = asyncio.get_running_loop()

    # run in the deafult executor(ThreadPoolExecutor)
    # 第一步先调用ThreadPoolExecutor的submit方法去线程池中申请一个线程 执行func1函数 
    # 并返回一个concurrent.futures.Future对象
    # 第二步 调用asyncio.wrap_future将concurrent.futures.Future对象包装成asyncio.Future对象
    # 因为concurrent.futures.Future对象不支持await语法，所以需要包装为asyncio.Future对象才能使用
    fut = loop.run_in_executor(None,func1,1)
    result = await fut
    print('default thread pool', result)

    # 2 run in custom thread pool
    with concurrent.futures.ThreadPoolExecutor() as pool:
        result = await loop.run_in_executor(pool, func1, 2)
        print('custom thread pool',result)
    # 3 run in a custom process pool
    with concurrent.futures.ProcessPoolExecutor() as pool:
        result = await loop.run_in_executor(pool, func1, 3)
        print('custom process pool',result)

asyncio.run(main())
