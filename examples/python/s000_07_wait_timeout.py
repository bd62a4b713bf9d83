# source: seed 000, section "### Task对象" 示例2
# fixes: none
# sleeps scaled by 1/100 (the wait timeout too: 2 -> 0.02)
# deterministic: print(done) printed a set of Task reprs (file paths, hash order); now prints [t.result() for t in done]
# nondeterministic: timeout == sleep duration (timer tie). On the real clock it depends on whether the
#   timeout timer and both sleep timers fire in the same loop iteration (then: [] , end, end) or not
#   (then fewer 'end' lines). The seed text shows a single 'end'. No golden file.
#   Observed: idle machine 100/100 '... [] / end / end'; under CPU load 1 of 40 runs printed a single 'end'.
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

    # task1 = asyncio.create_task(fun()) create_task可以添加name参数指定名字
    # task2 = asyncio.create_task(fun())
    task1 = asyncio.ensure_future(fun())
    task2 = asyncio.ensure_future(fun())

    task_list = [task1,task2] # 定义一个task对象列表

    print('main finish')

    done,pending = await asyncio.wait(task_list,timeout=0.02) #timeout参数为可选，如果超出时间那么就没执行完，此时done为空，pending为未执行完的对象


    print('IO操作完成，结果为：',[t.result() for t in done])
# asyncio.run(main())
loop = asyncio.get_event_loop()
loop.run_until_complete(main())
