# source: seed 004, section "### 启动一个协程"
# fixes: none
# sleeps scaled by 1/100 (no sleeps here)
import asyncio

async def foo():
  print('this is a coroutine')


if __name__ == '__main__':
  loop = asyncio.get_event_loop()
  try:
    print('coroutine begin')
    coro = foo()
    print('into event loop')
    loop.run_until_complete(coro)
  finally:
    print('close event loop')
    loop.close()

"""
输出：
coroutine begin
into event loop
this is a coroutine
close event loop
"""
