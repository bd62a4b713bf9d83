# source: seed 000, section "### future对象" 示例2
# fixes: none
# sleeps scaled by 1/100
import asyncio

async def set_after(fut):
    await asyncio.sleep(0.02)
    fut.set_result('0')

async def main():
    # 获取当前事件循环
    loop = asyncio.get_running_loop()

    # 创建一个任务（future对象） 没绑定任何行为，则这个任务永远不知道什么时候结束 
    fut = loop.create_future()

    # 创建一个任务（Task对象）绑定了set after函数，函数内部在2s后给fut赋值
    # 即手动设置future任务的结果，那么fut就结束了
    await loop.create_task(set_after(fut))
    data = await fut
    
asyncio.run(main())
