# source: seed 004, section "## shield"
# fixes: `async def num(n);` -> `:`; taks1 -> task1; the seed's docstring shows the gather result as the output
#        but nothing printed it -> `print(await ts)`
# sleeps scaled by 1/100 (no sleeps here)
# note: the seed claims `[concurrent.futures._base.CancelledError(), 4]` (Python 3.7 era); 3.11 prints
#       asyncio's CancelledError with an empty message.
import asyncio

async def num(n):
  return n*2



async def main():
  task1 = asyncio.shield(num(1))
  task2 = asyncio.create_task(num(2))

  ts = asyncio.gather(task1, task2, return_exceptions=True)

  task1.cancel()

  print(await ts)

  """
   输出:
   [concurrent.futures._base.CancelledError(), 4]

  """

if __name__ == '__main__':
  asyncio.run(main())
