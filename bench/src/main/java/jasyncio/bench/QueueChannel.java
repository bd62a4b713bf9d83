package jasyncio.bench;

import jasyncio.queue.Queue;

/** W2's {@code asyncio.Queue(1)} variant: the one-slot channel is a jasyncio {@link Queue} of maxsize 1. */
final class QueueChannel<T> implements Channel<T> {
    private final Queue<T> queue = new Queue<>(1);

    /** Puts the token, suspending while the slot is full. */
    @Override
    public void send(T value) {
        queue.put(value);
    }

    /** Takes the token, suspending while the slot is empty. */
    @Override
    public T receive() {
        return queue.get();
    }

    @Override
    public String kind() {
        return "queue";
    }
}
