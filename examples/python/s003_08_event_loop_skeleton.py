# source: seed 003, section "#### 3.1 事件循环" (code block after the pseudo-code)
# fixes: ayncio -> asyncio; placeholder 任务 bound to a trivial coroutine (asyncio.sleep(0)) so it runs
# sleeps scaled by 1/100 (no sleeps here)
import asyncio

# 去生成或获取一个事件循环
loop = asyncio.get_event_loop()
任务 = asyncio.sleep(0)  # fix: placeholder task
# 将任务放到‘任务列表’
loop.run_until_complete(任务)
