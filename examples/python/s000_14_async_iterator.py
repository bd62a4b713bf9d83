# source: seed 000, section "### 异步迭代器"
# fixes: none
# sleeps scaled by 1/100 (the only sleep is commented out)
import asyncio


class Reader:
    def __init__(self):
        self.count = 0

    async def read_count(self):
        # await asyncio.sleep(0.01)
        self.count += 1
        if self.count == 100:
            return None
        return self.count

    def __aiter__(self):
        return self

    async def __anext__(self):
        val = await self.read_count()
        if val == None:
            raise StopAsyncIteration
        return val


async def func():
    obj = Reader()
    # async for 必须写在一个协程函数中
    async for item in obj:
        print(item)


asyncio.run(func())
