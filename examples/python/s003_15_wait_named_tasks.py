# source: seed 003, section "#### 3.4 Task对象" 示例2
# fixes: missing ':' after `async def main()`; `print(ret1,ret2)` used undefined names (NameError) ->
#        print the results of the `done` set instead (see deterministic)
# sleeps scaled by 1/100
# deterministic: prints [t.result() for t in done] (not Task reprs)
# note: as in the seed, task1/task2 are created but not awaited; they still run, so "1" and "2" appear 4 times
import asyncio

async def func():
  print(1)
  await asyncio.sleep(0.02)
  print(2)
  return "返回值"

async def main():
  print("main开始")
  # 创建Task对象，将当前执行func函数任务添加到事件循环
  task1 = asyncio.create_task(func())
  # 创建Task对象，将当前执行func函数任务添加到事件循环
  task2 = asyncio.create_task(func())

  task_list = [
    asyncio.create_task(func(),name='t1'),
    asyncio.create_task(func(),name='t2')
  ]


  print("main结束")
  
  done,pedding = await asyncio.wait(task_list,timeout=None)
  print([t.result() for t in done])

asyncio.run(main())
