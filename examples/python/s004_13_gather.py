# source: seed 004, section "### 使用 gather"
# fixes: none
# sleeps scaled by 1/100 (sleep n*0.1 -> n*0.001)
# note: num() returns nothing, so gather's result list is ten None values
import asyncio

async def num(n):
  try:
    await asyncio.sleep(n*0.001)
  except asyncio.CancelledError:
    print(f"{n} cancelled")
    raise

async def main():
  tasks = [num(i) for i in range(10)]
  complete = await asyncio.gather(*tasks)
  for i in complete:
    print(i)


if __name__ == '__main__':
  loop = asyncio.get_event_loop()
  try:
    loop.run_until_complete(main())
  finally:
    loop.close()
