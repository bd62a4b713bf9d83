# source: seed 003, section "#### 3.2 快速上手" (second block)
# fixes: ayncio -> asyncio; the "python3.7以后可以简化为" line re-ran the already awaited coroutine
#        (RuntimeError: cannot reuse already awaited coroutine) -> asyncio.run(func()) with a fresh coroutine,
#        so both ways are exercised and "hello world" is printed twice
# sleeps scaled by 1/100 (no sleeps here)
import asyncio

async def func():
  print("hello world")
result = func()

loop = asyncio.get_event_loop()
loop.run_until_complete(result )
# python3.7以后可以简化为
asyncio.run(func())
