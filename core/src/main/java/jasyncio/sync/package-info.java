/**
 * asyncio's synchronization primitives: {@link jasyncio.sync.Lock}, {@link jasyncio.sync.Event},
 * {@link jasyncio.sync.Condition}, {@link jasyncio.sync.Semaphore},
 * {@link jasyncio.sync.BoundedSemaphore} and {@link jasyncio.sync.Barrier}.
 *
 * <p>Semantics are asyncio's: waiters are woken in FIFO order, and a waiter that is cancelled
 * takes nothing and loses nothing (if it was cancelled after being woken, what it was granted is
 * passed on to the next waiter). Waiting is a suspension point: inside a task it suspends the
 * task (a cancellation point), in a plain thread it blocks the thread (an interrupt ends the wait
 * with {@link jasyncio.CancelledError}), and in a loop callback it is refused with
 * {@link IllegalStateException}, since a callback must not block its loop. Every primitive is
 * thread-safe: tasks of different loops and plain threads may share one.
 *
 * <p>Names that {@link Object} already owns are renamed: asyncio's {@code wait()} is
 * {@code await()}, {@code Condition.notify()}/{@code notify_all()} are
 * {@link jasyncio.sync.Condition#signal()}/{@link jasyncio.sync.Condition#signalAll()}.
 * {@code async with lock:} is {@code try (var _ = lock.acquire()) { ... }}. asyncio's
 * {@code RuntimeError} is {@link IllegalStateException}, its {@code ValueError} for a bad
 * argument {@link IllegalArgumentException}.
 */
package jasyncio.sync;
