# source: seed 000, section "### 异步redis"
# needs: redis (aioredis 1.x API, a Redis server)
# fixes: `await = redis.hmset_dict(...)` -> `await redis.hmset_dict(...)`; key= -> key1= (matches key2/key3);
#        asyncio.run(func) -> asyncio.run(execute(address, password)) with placeholder address/password
# sleeps scaled by 1/100 (no sleeps here)
import asyncio
import aioredis

async def execute(address,password):
    print('开始执行',address)
    # 网络io操作，创建redis连接
    redis=await aioredis.create_redis(address,password=password)
    # 网络IO操作，在redis中设置哈希值
    await redis.hmset_dict('car',key1=1,key2=2,key3=3)
    # 网络IO操作，去redis中获取值
    result = await redis.hgetall('car',encoding='utf-8')

    print(result)
    # 网络IO操作，关闭redis连接
    redis.close()
    print('结束')

asyncio.run(execute('redis://127.0.0.1:6379', None))
