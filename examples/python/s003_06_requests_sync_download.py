#! /usr/bin/env python
# -*- coding:utf-8 -*-
# source: seed 003, section "### 2、协程意义" (普通方式(同步))
# needs: network (requests, image URLs)
# fixes: `! -*- coding` line -> `# -*- coding`; dounload_image -> download_image; _name_ -> __name__;
#        response,content -> response.content; the for-loop moved into the __main__ block
# sleeps scaled by 1/100 (no sleeps here)
import requests

def download_image(url):
  print("开始下载:",url)
  # 发送网络请求，下载图片
  response = requests.get(url)
  print("下载完成")
  # 图片保存到本地文件
  file_name = url.rsplit("_")[-1]
  with open(file_name,mode='wb') as file_object:
    file_object.write(response.content)

if __name__ == '__main__':
  url_list = {
    'http://www3.autoimg.cn/newsdfs/g26/M02/35/A9/120x90_0_autohomecar_ChsEe12AXFocMs8hzU621.jps',
    'http://www3.autoimg.cn/newsdfs/g26/M02/35/A9/120x90_0_autohomecar_ChsEe12AXFocMs8hzU622.jps',
    'http://www3.autoimg.cn/newsdfs/g26/M02/35/A9/120x90_0_autohomecar_ChsEe12AXFocMs8hzU623.jps',
  }
  for item in url_list:
    download_image(item)
