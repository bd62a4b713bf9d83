# source: seed 000, section "### Task对象" 示例1
# fixes: none
# sleeps scaled by 1/100
import asyncio

async def fun():
    print('start')
    await asyncio.sleep(0.02)
    print('end')
    return '返回值'

async def main():
    print('执行协程函数内部代码')
    #遇到IO操作，挂起当前协程(任务）等IO操作完成之后再继续往下执行
    # 当前协程挂起时，事件循环就会去执行其他协程任务

    # task1 = asyncio.create_task(fun())
    # task2 = asyncio.create_task(fun())
    task1 = asyncio.ensure_future(fun())
    task2 = asyncio.ensure_future(fun())

    print('main finish')

    result1 = await task1
    result2 = await task2

    print('IO操作完成，结果为：',result1,result2)
# asyncio.run(main())
loop = asyncio.get_event_loop()
loop.run_until_complete(main())
