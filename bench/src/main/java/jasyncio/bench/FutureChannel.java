package jasyncio.bench;

import jasyncio.EventLoop;
import jasyncio.Future;

/**
 * A one-slot channel built from jasyncio Futures: a fresh {@link Future} per hop. The receiver
 * awaits the slot's future and replaces it with a new one before answering, so the sender's
 * next {@link #send} finds a pending future.
 *
 * <p>Loop-confined (both ends are tasks of one loop, which run one at a time); {@code slot} is
 * read and written only by the two tasks, with the loop's queue ordering them.
 */
final class FutureChannel<T> implements Channel<T> {
    private final EventLoop loop;
    private Future<T> slot;

    FutureChannel(EventLoop loop) {
        this.loop = loop;
        this.slot = new Future<>(loop);
    }

    /**
     * Completes the slot's future with {@code value}, waking the receiver.
     *
     * @throws jasyncio.InvalidStateError if the slot is already full (the protocol was broken)
     */
    @Override
    public void send(T value) {
        slot.setResult(value);
    }

    /** Suspends until a value is sent, then empties the slot for the next hop. */
    @Override
    public T receive() {
        T value = slot.await();
        slot = new Future<>(loop);
        return value;
    }

    @Override
    public String kind() {
        return "future";
    }
}
