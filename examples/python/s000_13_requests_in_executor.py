# source: seed 000, section "**实例**" (after "### concurrent.futures.Future对象")
# needs: network (requests + real image URLs; the seed's url_list is even empty)
# fixes: Python 3.11 asyncio.wait() rejects bare coroutines -> wrapped with loop.create_task;
#        (with the seed's empty url_list asyncio.wait([]) raises ValueError — left as in the seed)
# sleeps scaled by 1/100 (no sleeps here)
import asyncio
import requests

async def download_images(url):
    # 发送网络请求，下载图片，遇到网络IO,自动切换到其它任务
    print('开始下载', url)
    loop = asyncio.get_event_loop()

    # requests 默认不支持异步操作，所以使用线程池来配合实现
    future = loop.run_in_executor(None, requests.get, url)

    response = await future
    print('下载完成')
    file_name = url.rsplit('-')[-1]

    with open(file_name, mode='wb') as file_obj:
        file_obj.write(response.content)


if __name__ == '__main__':
    url_list = []
    tasks = [download_images(url) for url in url_list]
    loop = asyncio.get_event_loop()
    loop.run_until_complete(asyncio.wait([loop.create_task(t) for t in tasks]))
