# source: seed 004, section "### 获取 Future 里的结果"
# fixes: none
# sleeps scaled by 1/100 (no sleeps here)
# output: prints nothing (result is 'done' but not printed; empty golden)
import asyncio

def foo(future, result):
  future.set_result(result)

if __name__ == '__main__':
  loop = asyncio.get_event_loop()
  try:
    all_done = asyncio.Future()
    loop.call_soon(foo, all_done, 'done')
    result = loop.run_until_complete(all_done)
  finally:
    loop.close()
