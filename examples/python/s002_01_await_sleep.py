# source: seed 002, section "### 3.3 await" 示例1
# fixes: none
# sleeps scaled by 1/100
import asyncio


async def func():
    print("hello")
    response = await asyncio.sleep(0.02)
    return response

asyncio.run(func())
