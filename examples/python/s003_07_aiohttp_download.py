"""
下载图片使用第三方模块aiohttp,提前安装：pip3 install aiohttp
"""
# -*- coding:utf-8 -*-
# source: seed 003, section "### 2、协程意义" (协程方式(异步))
# needs: network (aiohttp, image URLs)
# fixes: verify_ssl=false -> ssl=False (NameError `false`, deprecated verify_ssl); response,content -> content;
#        asnc def -> async def; misplaced parenthesis in the create_task list comprehension;
#        tasks/wait indented into the `async with` block (the session was closed before use)
# sleeps scaled by 1/100 (no sleeps here)
import aiohttp
import asyncio


async def fetch(session,url):
  print("发送请求:",url)
  async with session.get(url,ssl=False) as response:
    content = await response.content.read()
    file_name = url.rsplit("_")[-1]
    with open(file_name,mode='wb') as file_object:
      file_object.write(content)

async def main():
  async with aiohttp.ClientSession() as session:
    url_list = {
    'http://www3.autoimg.cn/newsdfs/g26/M02/35/A9/120x90_0_autohomecar_ChsEe12AXFocMs8hzU621.jps',
    'http://www3.autoimg.cn/newsdfs/g26/M02/35/A9/120x90_0_autohomecar_ChsEe12AXFocMs8hzU622.jps',
    'http://www3.autoimg.cn/newsdfs/g26/M02/35/A9/120x90_0_autohomecar_ChsEe12AXFocMs8hzU623.jps',
  }
    tasks = [asyncio.create_task(fetch(session, url)) for url in url_list]
    await asyncio.wait(tasks)

if __name__=='__main__':
  asyncio.run(main())
