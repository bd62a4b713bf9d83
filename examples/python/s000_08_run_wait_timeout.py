# source: seed 000, section "### Task对象" 示例3
# fixes: Python 3.11 asyncio.wait() rejects bare coroutines -> wrapped them in tasks inside the running loop (helper wait_all)
# sleeps scaled by 1/100 (the wait timeout too: 2 -> 0.02)
# deterministic: print(done) printed Task reprs -> prints [t.result() for t in done]
# nondeterministic: timeout == sleep duration (timer tie); whether 'end' lines appear and whether done is
#   empty depends on real-clock timer batching. No golden file.
#   Observed: idle machine 100/100 'start start end end []'; under CPU load 25 of 60 runs differed.
import asyncio

async def fun():
    print('start')
    await asyncio.sleep(0.02)
    print('end')
    return '返回值'

async def wait_all(coros, **kwargs):  # fix: 3.11 wait() needs tasks/futures
    return await asyncio.wait([asyncio.ensure_future(c) for c in coros], **kwargs)

task_list = [fun(),fun()] # 定义一个task对象列表

done,pending = asyncio.run(wait_all(task_list,timeout=0.02))
print([t.result() for t in done])
