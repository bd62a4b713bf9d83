package jasyncio.queue;

import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.internal.FutureAccess;

/**
 * A task's waiter: a future of the task's own loop, so that awaiting it suspends the task and
 * {@link jasyncio.Task#cancel} cancels it (the task then sees CancelledError).
 */
final class TaskWaiter extends Future<Void> implements Waiter {
    private static final FutureAccess ACCESS = FutureAccess.get();

    TaskWaiter(EventLoop loop) {
        super(loop);
    }

    @Override
    public boolean wake() {
        return ACCESS.trySetResult(this, null);
    }

    @Override
    public void park() {
        await();
    }

    @Override
    public boolean abandon() {
        return !cancel() && !isCancelled();
    }
}
