# source: seed 004, section "### 协程调用协程"
# fixes: none
# sleeps scaled by 1/100 (no sleeps here)
# output: prints nothing (result is computed but not printed; empty golden)
import asyncio

async def main():
  res1 = await result1()
  res2 = await result2()
  return (res1, res2)

async def result1():
  return 1

async def result2():
  return 2

if __name__ == '__main__':
  loop = asyncio.get_event_loop()
  try:
    result = loop.run_until_complete(main())
  finally:
    loop.close()
