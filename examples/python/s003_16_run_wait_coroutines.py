# source: seed 003, section "#### 3.4 Task对象" 示例3
# fixes: Python 3.11 asyncio.wait() rejects bare coroutines -> wrapped them in tasks inside the running loop (helper wait_all)
# sleeps scaled by 1/100
# deterministic: print(done) printed Task reprs -> prints [t.result() for t in done]
import asyncio

async def func():
  print(1)
  await asyncio.sleep(0.02)
  print(2)
  return "返回值"


async def wait_all(coros, **kwargs):  # fix: 3.11 wait() needs tasks/futures
  return await asyncio.wait([asyncio.ensure_future(c) for c in coros], **kwargs)


task_list = [
  func(),
  func()
]

done,pedding=asyncio.run(wait_all(task_list))
print([t.result() for t in done])
