# source: seed 004, section "### 协程中调用普通函数" 3. call_at
# fixes: dropped the leading signature line (kept as a comment); dedented; loop.run_at -> loop.call_at
# sleeps scaled by 1/100 (call_at offset now + 2 -> now + 0.02)
# output: prints nothing (main returns at once, the loop is closed before the timer fires; empty golden)
# loop.call_at(when, callback, *args, context=None)

import asyncio

def foo(num):
 return num

async def main(loop):
 now = loop.time()
 loop.call_at(now + 0.02, foo, 2)


if __name__ == "__main__":
   loop = asyncio.get_event_loop()
   try:
     loop.run_until_complete(main(loop))
   finally:
     loop.close()
