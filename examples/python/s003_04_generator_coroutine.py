# source: seed 003, section "#### 1.3 asyncio"
# fixes: @asyncio.coroutine was removed in Python 3.11 -> @types.coroutine (same generator-based coroutine,
#        may `yield from` asyncio.sleep); added `import types`; asncio -> asyncio (twice)
# sleeps scaled by 1/100
# note: as in the seed, the two tasks in `task` run too, and run_until_complete runs a THIRD coroutine
#       func1(), so the output is 1 3 1 2 4 2 (not the 1 3 2 4 the text suggests).
import asyncio
import types

@types.coroutine
def func1():
  print(1)
  yield from asyncio.sleep(0.02)  # 遇到io耗时操作，自动切换tasks中的其他任务
  print(2)

@types.coroutine
def func2():
  print(3)
  yield from asyncio.sleep(0.02)  # 遇到io耗时操作，自动切换tasks中的其他任务
  print(4)

task = [
  asyncio.ensure_future( func1() ),
  asyncio.ensure_future( func2() )
]

loop = asyncio.get_event_loop()
loop.run_until_complete(func1())
