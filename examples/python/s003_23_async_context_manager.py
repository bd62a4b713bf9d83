# source: seed 003, section "#### 3.7 异步上下文管理器"
# fixes: undefined `conn` in __init__ (NameError) -> None; missing `await` before f.do_something()
#        (the seed would print '<coroutine object AsyncContextManager.do_something at 0x...>' and warn
#        "never awaited") -> `await f.do_something()`, prints 666
# sleeps scaled by 1/100
import asyncio

class AsyncContextManager:
    def __init__(self):
        self.conn = None

    async def do_something(self):
        # 异步操作数据库
        return 666

    async def __aenter__(self):
        # 异步连接数据库
        self.conn = await asyncio.sleep(0.01)
        return self

    async def __aexit__(self,exc_type,exc,tb):
        # 异步关闭数据库连接
        await asyncio.sleep(0.01)

async def func():
    async with AsyncContextManager() as f:
        result = await f.do_something()
        print(result)

asyncio.run( func() )
