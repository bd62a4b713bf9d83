# source: seed 003, section "#### 3.5.2 concurrent.futures.Future对象" / "案例: asyncio + 不支持异步的模块"
# needs: network (requests, image URLs; the seed's url1/url2/url3 are undefined placeholders)
# fixes: `print("开始下载:"+,url)` -> `print("开始下载:",url)`; `async.get_event_loop()` -> asyncio.get_event_loop();
#        url1/url2/url3 -> placeholder URL strings; Python 3.11 asyncio.wait() rejects bare coroutines ->
#        wrapped with loop.create_task
# sleeps scaled by 1/100 (no sleeps here)
import asyncio
import requests


async def download_images(url):
    # 发送网络请求，下载图片（遇到网络下载图片的IO请i去，自动化切换到其他任务）
    print("开始下载:",url)

    loop = asyncio.get_event_loop()
    #requests库默认支持异步操作，所以就使用线程池来配合实现
    future = loop.run_in_executor(None,requests.get,url)

    response = await future
    print('下载完成')

    # 图片保存到本地文件
    file_name = url.rsplit('_')[-1]
    with open(file_name,mode='wb') as file_object:
        file_object.write(response.content)

if __name__=='__main__':
    url_list = ['http://example.com/a_1.jpg', 'http://example.com/a_2.jpg', 'http://example.com/a_3.jpg']

    task = [download_images(url) for url in url_list]

    loop = asyncio.get_event_loop()
    loop.run_until_complete(asyncio.wait([loop.create_task(t) for t in task]))
