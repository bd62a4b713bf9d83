# source: seed 003, section "#### 3.3 await" 示例3
# fixes: missing ':' after `async def func()`
# sleeps scaled by 1/100
import asyncio

async def others():
  print("start")
  await asyncio.sleep(0.02)
  print('end')
  return '返回值'

async def func():
  print("执行协程函数内部代码")

  # 遇到IO操作挂起当前协程（任务），等IO操作完成之后再继续往下执行，当前协程挂起时，事件循环可以去执行其他协程（任务）。
  response1 = await others()
  print("IO请求结束，结果为：",response1)

  response2 = await others()
  print("IO请求结束，结果为：",response2)
asyncio.run( func() )
