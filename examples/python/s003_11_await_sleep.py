# source: seed 003, section "#### 3.3 await" 示例1
# fixes: none
# sleeps scaled by 1/100
import asyncio

async def func():
  print("hello world");
  response = await asyncio.sleep(0.02)
  print("结束", response)

asyncio.run(func())
