# source: seed 004, section "### 从协程返回值"
# fixes: async.get_event_loop() -> asyncio.get_event_loop()
# sleeps scaled by 1/100 (no sleeps here)
import asyncio

async def foo():
  print('this is a coroutine')
  return 12

if __name__ == '__main__':
  loop = asyncio.get_event_loop()
  try:
    print('coroutine begin')
    coro = foo()
    print('into event loop')
    res = loop.run_until_complete(coro)
    print(f"result is: {res}")
  finally:
    print('close event loop')
    loop.close()
