# source: seed 000, section "### await" 示例1
# fixes: removed the prose lines inside the code fence ("await + 可等待对象 ..." and "执行流程： ..."), kept as comments
# sleeps scaled by 1/100
# await + 可等待对象 (协程对象，Future对象,Task对象 -> IO等待)

import asyncio

async def func():
    print('hello')
    result = await asyncio.sleep(0.02)
    print('finish', result)

asyncio.run(func())

# 执行流程：
# func添加到列表中后，先执行print, 此时遇到IO,如果有其他任务，就会切换到其他任务，当其他任务完成或者也遇到IO,切换回来，如果有返回值，交给result,再执行
# print语句
