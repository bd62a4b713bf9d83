# source: seed 004, section "### 协程中调用普通函数" 2. call_later
# fixes: dropped the leading signature line (kept as a comment); dedented; loop.run_later -> loop.call_later
# sleeps scaled by 1/100 (call_later delay 1 -> 0.01)
# output: prints nothing (main returns at once, the loop is closed before the timer fires; empty golden)
# loop.call_later(delay, callback, *args, context=None)

import asyncio

def foo(num):
 return num

async def main(loop):
 loop.call_later(0.01, foo, 1)


if __name__ == '__main__':
   loop = asyncio.get_event_loop()
   try:
     loop.run_until_complete(main(loop))
   finally:
     loop.close()
