# source: seed 004, section "### 等待多个协程"
# fixes: Python 3.11 asyncio.wait() rejects bare coroutines -> tasks = [asyncio.ensure_future(num(i)) ...]
# sleeps scaled by 1/100 (sleep n*0.1 -> n*0.001, wait timeout 0.5 -> 0.005)
# deterministic: iterating the `complete`/`pendding` sets gave hash (address) order -> iterate them in
#   creation order ([t for t in tasks if t in complete/pendding])
# note: num(5) sleeps exactly as long as the timeout (timer tie, also in the seed: 5*0.1 == 0.5). It still lands
#   in `pendding` deterministically: the timeout timer is registered first, and even when both timers fire in
#   the same loop iteration, main() resumes before num(5)'s task is woken, so the task is not done yet.
import asyncio

async def num(n):
  try:
    await asyncio.sleep(n*0.001)
    return n
  except asyncio.CancelledError:
    print(f"{n} cancelled")
    raise


async def main():
  tasks = [asyncio.ensure_future(num(i)) for i in range(10)]
  complete, pendding = await asyncio.wait(tasks, timeout = 0.005)
  for i in [t for t in tasks if t in complete]:
    print(f"{i.result()}")
  if pendding:
    for p in [t for t in tasks if t in pendding]:
      p.cancel()

if __name__ == '__main__':
  loop = asyncio.get_event_loop()
  try:
    loop.run_until_complete(main())
  finally:
    loop.close()
