# source: seed 002, section "### 3.4 Task对象" 示例2
# fixes: none
# sleeps scaled by 1/100
# deterministic: print(done) printed a set of Task reprs (file paths, hash order); now prints [t.result() for t in done]
import asyncio


async def func():
    print("start")
    await asyncio.sleep(0.02)
    print("end")
    return "返回值"


async def main():
    print("main开始")

    task_list = [
        # python3.8的asyncio.create_task 有个name参数，可以给task取名字
        asyncio.create_task(func()),
        asyncio.create_task(func())
    ]

    print("main结束")

    done, pending = await asyncio.wait(task_list, timeout=None)
    print([t.result() for t in done])

asyncio.run(main())
