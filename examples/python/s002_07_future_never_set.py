# source: seed 002, section "### 3.5 asyncio.Future对象" 示例1
# fixes: none
# sleeps scaled by 1/100 (no sleeps here)
# hangs: awaits a Future that nobody ever resolves -> never terminates (by design). No golden file.
import asyncio


async def main():
    # 获取当前事件循环
    loop = asyncio.get_running_loop()

    # 创建一个任务（Future对象），这个任务什么都不干
    fut = loop.create_future()

    # 等待任务最终结果（Future对象），没有结果则会一直等下去
    await fut


asyncio.run(main())
