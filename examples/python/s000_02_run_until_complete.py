# source: seed 000, section "### 使用流程"
# fixes: none
# sleeps scaled by 1/100 (no sleeps here)
import asyncio

async def func():  # 使用async def 来定义协程函数
    print('来了，来了')

result = func()  # 返回是一个协程对象

# 执行
loop = asyncio.get_event_loop()
loop.run_until_complete(result)

# asyncio.run(result) python3.7才有
