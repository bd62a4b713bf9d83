# source: seed 000, section "### 异步mysql" / "**多个连接**"
# needs: mysql (aiomysql, MySQL servers)
# fixes: aiomysql.connct -> connect; usr= -> user=; `await conn.cursor` -> `await conn.cursor()`;
#        execute() was called with (host, password) -> signature execute(host, password) and used in connect();
#        Python 3.11 asyncio.wait() rejects bare coroutines -> wrapped in tasks inside a helper coroutine
# sleeps scaled by 1/100 (no sleeps here)
import asyncio
import aiomysql

async def execute(host, password):  
    conn = await aiomysql.connect(host=host,port=3306,user='root',password=password,db='mysql')

    # 网络IO 创建cursor
    cur = await conn.cursor()
    # 网络IO 执行sql
    await cur.execute('Select * from user')
    # 网络IO 获取结果 
    result = await cur.fetchall()
    print(result)
    # 网络IO 关闭连接
    await cur.close()
    conn.close()
task_list = [
 execute('1.1.1.1','password1'),
 execute('1.2.3.4','password2')
]

async def wait_all(coros):  # fix: 3.11 wait() needs tasks/futures
    return await asyncio.wait([asyncio.ensure_future(c) for c in coros])

asyncio.run(wait_all(task_list))
