# source: seed 000, section "### 事件循环" (unfenced code after the pseudo-code block)
# fixes: get_evnet_loop -> get_event_loop; placeholder 任务 bound to a trivial coroutine (asyncio.sleep(0)) so it runs
# sleeps scaled by 1/100 (no sleeps here)
import asyncio
#去生成或者获取一个事件循环
loop = asyncio.get_event_loop()

任务 = asyncio.sleep(0)  # fix: placeholder task

#将任务添加到 '任务列表'
loop.run_until_complete(任务)
