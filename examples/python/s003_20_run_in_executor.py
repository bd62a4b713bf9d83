# source: seed 003, section "#### 3.5.2 concurrent.futures.Future对象" (second block)
# fixes: `import concurrent.future` -> concurrent.futures; the body of main() (fut = ... / await / print) was
#        dedented to module level (SyntaxError: 'await' outside function) -> re-indented into main()
# sleeps scaled by 1/100
import time
import asyncio
import concurrent.futures

def func1():
  # 某个耗时操作
  time.sleep(0.02)
  return "hello world"

async def main():
  loop = asyncio.get_running_loop()

  # 1. Run in the default loop's executor(默认ThreadPoolExecutor)
  # 第一步：内部会先调用 ThreadPoolExecutor 的submit 方法去线程池中申请一个线程去执行func函数，并返回一个concurrent.fututres.Future对象
  # 第二步：调用asyncio.wrap_future将concurrent.futures.Fucture对象包装为asyncio.Fucture对象
  # 因为concurrent.futures.Future对象不支持await语法，所以需要包赚为asyncio.Future对象才能使用
  fut = loop.run_in_executor(None, func1)
  result = await fut
  print('default thread pool',result)

  # 2、 run in a custom thread pool
  # with concurrent.futures.ThreadPoolExecutor() as pool:
  # 	result = await loop.run_in_executor(pool,func1)
  # 	print('cutom thread pool',result)

  # 3、 run in a custom process pool
  # with concurrent.futures.ProcessPoolExecutor() as pool:
  # 	result = await loop.run_in_executor(pool,func1)
  # 	print('cutom process pool',result)

asyncio.run( main() )
