# source: seed 004, section "### Future 对象使用 await"
# fixes: none
# sleeps scaled by 1/100 (no sleeps here)
# output: prints nothing (res is 'done' but not printed; empty golden)
import asyncio

def foo(future, result):
  future.set_result(result)

async def main(loop):
  all_done = asyncio.Future()
  loop.call_soon(foo, all_done, 'done')
  res = await all_done

if __name__ == '__main__':
  loop = asyncio.get_event_loop()
  try:
    loop.run_until_complete(main(loop))
  finally:
    loop.close()
