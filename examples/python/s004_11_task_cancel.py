# source: seed 004, section "### 并发的执行任务"
# fixes: none
# sleeps scaled by 1/100 (no sleeps here)
import asyncio

async def child():
  return 1

async def main(loop):
  task = loop.create_task(child())
  task.cancel()

  try:
    await task
  except asyncio.CancelledError:
    print('task cancelled')
  else:
    print("res: ", task.result())


if __name__ == "__main__":
  loop = asyncio.get_event_loop()
  try:
    loop.run_until_complete(main(loop))
  finally:
    loop.close()
