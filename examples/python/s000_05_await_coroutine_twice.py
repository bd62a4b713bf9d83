# source: seed 000, section "### await" 示例3 (多个await对象)
# fixes: none
# sleeps scaled by 1/100
import asyncio

async def others():
    print('start')
    await asyncio.sleep(0.02)
    print('end')
    return '返回值'

async def func():
    print('执行协程函数内部代码')
    #遇到IO操作，挂起当前协程(任务）等IO操作完成之后再继续往下执行
    # 当前协程挂起时，事件循环就会去执行其他协程任务

    result = await others()

    print('IO操作完成，结果为：',result)

    result1 = await others()

    print('IO操作完成，结果为：',result1)
# asyncio.run(func())
loop = asyncio.get_event_loop()
loop.run_until_complete(func())
