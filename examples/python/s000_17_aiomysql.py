# source: seed 000, section "### 异步mysql"
# needs: mysql (aiomysql, a MySQL server)
# fixes: aiomysql.connct -> connect; usr= -> user=; `await conn.cursor` -> `await conn.cursor()`;
#        asyncio.run(execute) -> asyncio.run(execute())
# sleeps scaled by 1/100 (no sleeps here)
import asyncio
import aiomysql

async def execute():  
    conn = await aiomysql.connect(host='127.0.0.1',port=3306,user='root',password='123',db='mysql')

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

asyncio.run(execute())
