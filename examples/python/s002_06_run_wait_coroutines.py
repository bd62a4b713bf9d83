# source: seed 002, section "### 3.4 Task对象" 示例3（等效示例2，代码更简洁）
# fixes: Python 3.11 asyncio.wait() rejects bare coroutines -> wrapped them in tasks inside the running loop (helper wait_all)
# sleeps scaled by 1/100
# deterministic: print(done) printed Task reprs -> prints [t.result() for t in done]
import asyncio


async def func():
    print("start")
    await asyncio.sleep(0.02)
    print("end")
    return "返回值"


async def wait_all(coros, **kwargs):  # fix: 3.11 wait() needs tasks/futures
    return await asyncio.wait([asyncio.ensure_future(c) for c in coros], **kwargs)


task_list = [
    func(),
    func()
]

done, pending = asyncio.run(wait_all(task_list))
print([t.result() for t in done])
