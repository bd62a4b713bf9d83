# source: seed 000, section "### 异步上下文管理器"
# fixes: __int__ -> __init__ and undefined `conn` -> None; added the missing asyncio.run(func()) so the
#        `async with` actually executes (the seed only defines func)
# sleeps scaled by 1/100
# output: prints nothing (empty golden file)
import asyncio


class AsyncContextManager:
    def __init__(self):
        self.conn = None

    async def do_something(self):
        # 异步操作
        return

    async def __aenter__(self):
        # 异步
        self.conn = await asyncio.sleep(0.01)
        return self

    async def __aexit__(self, exc_type, exc_val, exc_tb):
        # 异步关闭
        await asyncio.sleep(0.01)


obj = AsyncContextManager()


async def func():
    # async with 必须放在协程函数中
    async with obj as f:
        result = await f.do_something()
        pass


asyncio.run(func())
