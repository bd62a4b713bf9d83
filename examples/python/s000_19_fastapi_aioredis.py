# source: seed 000, section "### FastAPi" / "**示例**"
# needs: web, redis (fastapi + uvicorn + aioredis 1.x + a Redis server)
# fixes: added missing `import aioredis`; `redis = redis(conn)` -> aioredis.Redis(conn); the async view
#        read() had no route -> added @app.get('/red'); uvicorn.run('code:app', ...) -> uvicorn.run(app, ...)
#        (the module is not called code.py)
# sleeps scaled by 1/100
import asyncio

import aioredis
import uvicorn
from fastapi import FastAPI 

app = FastAPI()

REDIS_POOL = aioredis.ConnectionsPool('redis://ip:port',password='password',minsize=1,maxsize=10)

@app.get('/')
def index():
    # 普通接口
    return {"msg":'hello world'}

@app.get('/red')
async def read():
    # 异步接口
    print('请求来了')
    await asyncio.sleep(0.03)
    # 连接
    conn = await REDIS_POOL.acquire()
    redis = aioredis.Redis(conn)

    # 设置值
    await redis.hmset_dict('car',key1=1,key2=2)

    # 取值
    result = await redis.hgetall('car',encoding='utf-8')

    # REDIS_POOL.release(conn)
    return result

if __name__ == '__main__':
    uvicorn.run(app,host='127.0.0.1',port=5000,log_level='info')
