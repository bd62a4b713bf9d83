# source: seed 003, section "### 4、uvloop"
# needs: uvloop (not installed here)
# fixes: `async.set_event_loop_policy.EventLoopPolicy()` -> asyncio.set_event_loop_policy(uvloop.EventLoopPolicy());
#        asyncio.run(...) placeholder -> asyncio.run(main()) with an empty main() coroutine
# sleeps scaled by 1/100 (no sleeps here)
import asyncio
import uvloop
asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())

# 编写asyncio的代码，和之前写的代码一致。
async def main():
    pass

# 内部的事件循环自动化变为uvloop
asyncio.run(main())
