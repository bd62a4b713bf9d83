# source: seed 004, section "### 协程中调用普通函数" 1. call_soon
# fixes: dropped the leading signature line `loop.call_soon(callback, *args, context=None)` (kept as a comment);
#        dedented the block (it is indented inside a Markdown list); async.get_event_loop() -> asyncio.get_event_loop()
# sleeps scaled by 1/100 (no sleeps here)
# output: prints nothing (foo's return value is discarded; empty golden)
# loop.call_soon(callback, *args, context=None)


import asyncio

def foo(num):
 return num

async def main(loop):
 loop.call_soon(foo, 1)


if __name__ == '__main__':
   loop = asyncio.get_event_loop()
   try:
     loop.run_until_complete(main(loop))
   finally:
     loop.close()
