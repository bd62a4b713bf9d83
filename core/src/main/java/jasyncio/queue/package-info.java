/**
 * Queues for handing items between tasks, asyncio's {@code asyncio.Queue} family:
 * {@link jasyncio.queue.Queue} (FIFO), {@link jasyncio.queue.LifoQueue} and
 * {@link jasyncio.queue.PriorityQueue}, with {@code maxsize}, suspending {@code put}/{@code get},
 * {@code taskDone}/{@code join} and Python 3.13's {@code shutdown}. They work across loops and
 * from plain threads.
 */
package jasyncio.queue;
