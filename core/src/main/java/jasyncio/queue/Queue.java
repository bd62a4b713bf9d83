package jasyncio.queue;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import jasyncio.internal.Waiter;

/**
 * A first-in, first-out queue for handing items between tasks: {@code asyncio.Queue}.
 *
 * <p>With a {@code maxsize} above zero, {@link #put} suspends while the queue holds that many
 * items; with zero or less the queue is unbounded. {@link #get} suspends while it is empty.
 * {@link #putNowait}/{@link #getNowait} never suspend and throw {@link QueueFull}/{@link
 * QueueEmpty} instead. {@link #taskDone()} and {@link #join()} count items that were put but
 * not yet processed. {@link #shutdown(boolean)} (Python 3.13) makes puts, and gets once the queue
 * is empty, throw {@link QueueShutDown}. Null items are allowed.
 *
 * <pre>
 *  open ──shutdown()─────▶ shut down: puts throw; gets take what is left, then throw
 *    │                        │ shutdown(true)
 *    └──shutdown(true)───────▶┴▶ shut down and emptied: puts and gets throw; the discarded
 *                                items count as done for join()
 * </pre>
 *
 * <p>Suspension: {@code put}, {@code get} and {@code join} are suspension points. In a task they
 * suspend the task and throw {@link jasyncio.CancelledError} if it is cancelled while waiting;
 * in a plain thread they block it, and an interrupt ends the wait with {@code CancelledError}
 * (leaving the interrupt flag set); from a loop callback they refuse with
 * {@link IllegalStateException}, since a callback must not block its loop. Waiting callers are
 * woken in the order they started waiting. A caller cancelled while waiting takes nothing and
 * loses nothing: no item is taken or put, and a wake-up it received but cannot use passes to the
 * next waiter. As in asyncio, a woken caller checks the queue again when it resumes, so a
 * {@code putNowait}/{@code getNowait} made meanwhile may get there first (the woken caller then
 * waits again, at the back of the line).
 *
 * <p>Thread-safety: every method may be called from any task of any loop and from plain threads;
 * the queue's state is guarded by a lock held only for bookkeeping, never while waiting.
 * Nothing to close.
 *
 * @param <T> the item type
 */
public sealed class Queue<T> permits PriorityQueue, LifoQueue {

    /** The CancelledError message of a plain thread interrupted while it waits. */
    private static final String INTERRUPTED = "the thread waiting on the queue was interrupted";

    private final int maxsize;
    private final ReentrantLock lock = new ReentrantLock();
    /** The items; guarded by lock. */
    private final Buffer<T> items;
    /** Callers of get waiting for an item, in arrival order; guarded by lock. */
    private final ArrayDeque<Waiter> getters = new ArrayDeque<>();
    /** Callers of put waiting for a free slot, in arrival order; guarded by lock. */
    private final ArrayDeque<Waiter> putters = new ArrayDeque<>();
    /** Callers of join waiting for unfinished to reach zero; guarded by lock. */
    private final ArrayDeque<Waiter> joiners = new ArrayDeque<>(2);
    /** Items put and not yet marked done with taskDone; never negative; guarded by lock. */
    private int unfinished;
    /** Set once by shutdown; guarded by lock. */
    private boolean shutdown;

    /** An unbounded queue. */
    public Queue() {
        this(0);
    }

    /** A queue holding at most {@code maxsize} items; zero or less means unbounded. */
    public Queue(int maxsize) {
        this(maxsize, new Ring<>(false));
    }

    /** For the subclasses: the same queue over another item order. */
    Queue(int maxsize, Buffer<T> items) {
        this.maxsize = maxsize;
        this.items = items;
    }

    // ---------------------------------------------------------------- state

    /** The number of items allowed in the queue, as given; zero or less means unbounded. */
    public int maxsize() {
        return maxsize;
    }

    /** The number of items in the queue now. */
    public int qsize() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the queue holds no item now. */
    public boolean empty() {
        return qsize() == 0;
    }

    /** Whether the queue holds {@code maxsize} items now; never for an unbounded queue. */
    public boolean full() {
        lock.lock();
        try {
            return isFull();
        } finally {
            lock.unlock();
        }
    }

    private boolean isFull() {
        return maxsize > 0 && items.size() >= maxsize;
    }

    // ---------------------------------------------------------------- put

    /**
     * Adds {@code item}, first waiting for a free slot while the queue is full. A suspension
     * point (see the class comment).
     *
     * @throws QueueShutDown             if the queue is shut down, before or while waiting
     * @throws jasyncio.CancelledError   if the caller was cancelled while waiting; nothing was put
     * @throws IllegalStateException     if it would wait in a loop callback
     */
    public void put(T item) {
        lock.lock();
        try {
            while (isFull()) {
                if (shutdown) throw shutDown();
                waitInLine(putters, "Queue.put()", () -> !isFull());
            }
            add(item);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds {@code item} if there is a free slot, without waiting.
     *
     * @throws QueueShutDown if the queue is shut down
     * @throws QueueFull     if it holds {@code maxsize} items
     */
    public void putNowait(T item) {
        lock.lock();
        try {
            if (shutdown) throw shutDown();
            if (isFull()) throw new QueueFull("the queue is full (maxsize=" + maxsize + ")");
            add(item);
        } finally {
            lock.unlock();
        }
    }

    /** Adds under the lock (there is room) and wakes the first waiting getter. */
    private void add(T item) {
        if (shutdown) throw shutDown();
        try {
            items.add(item);
        } catch (RuntimeException e) {
            // The order refused the item; a slot this caller was woken for is still free.
            if (!putters.isEmpty() && !isFull()) wakeNext(putters);
            throw e;
        }
        unfinished++;
        if (!getters.isEmpty()) wakeNext(getters);
    }

    // ---------------------------------------------------------------- get

    /**
     * Removes and returns the next item, first waiting for one while the queue is empty. A
     * suspension point (see the class comment).
     *
     * @throws QueueShutDown           if the queue is shut down and empty (an immediate shutdown
     *                                 empties it), before or while waiting
     * @throws jasyncio.CancelledError if the caller was cancelled while waiting; nothing was taken
     * @throws IllegalStateException   if it would wait in a loop callback
     */
    public T get() {
        lock.lock();
        try {
            while (items.size() == 0) {
                if (shutdown) throw shutDown();
                waitInLine(getters, "Queue.get()", () -> items.size() > 0);
            }
            return take();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes and returns the next item if there is one, without waiting.
     *
     * @throws QueueShutDown if the queue is empty and shut down
     * @throws QueueEmpty    if it is empty
     */
    public T getNowait() {
        lock.lock();
        try {
            if (items.size() == 0) {
                if (shutdown) throw shutDown();
                throw new QueueEmpty("the queue is empty");
            }
            return take();
        } finally {
            lock.unlock();
        }
    }

    /** Takes under the lock (there is an item) and wakes the first waiting putter. */
    private T take() {
        T item = items.poll();
        if (!putters.isEmpty()) wakeNext(putters);
        return item;
    }

    // ---------------------------------------------------------------- waiting

    /** Wakes the first waiter that has not given up, removing it and those before it. */
    private static void wakeNext(ArrayDeque<Waiter> waiters) {
        Waiter w;
        while ((w = waiters.pollFirst()) != null) {
            if (w.wake()) return;
        }
    }

    private static void wakeAll(ArrayDeque<Waiter> waiters) {
        Waiter w;
        while ((w = waiters.pollFirst()) != null) w.wake();
    }

    /**
     * Under the lock: waits at the back of {@code line} until woken, releasing the lock
     * meanwhile; the lock is held again when this returns or throws. A wait that ends by an
     * exception gives its place up ({@link #giveUp}), {@code stillUsable} telling whether the slot
     * or item it may have been woken for is still there.
     */
    private void waitInLine(ArrayDeque<Waiter> line, String operation, BooleanSupplier stillUsable) {
        Waiter w = Waiter.forCaller(operation, INTERRUPTED);
        line.addLast(w);
        lock.unlock();
        try {
            w.await();
        } catch (Throwable e) {
            lock.lock();
            giveUp(w, line, stillUsable.getAsBoolean());
            throw e;
        }
        lock.lock();
    }

    /**
     * Under the lock, for a waiter whose wait ended by an exception: forget it, and if it had
     * been woken for a slot or item it will not use, and that slot or item is still there
     * ({@code stillUsable}), pass the wake-up to the next waiter (asyncio's queues.py does the
     * same in put and get).
     */
    private static void giveUp(Waiter w, ArrayDeque<Waiter> waiters, boolean stillUsable) {
        if (w.abandon()) {
            // A waker removed it from the deque before waking it.
            if (stillUsable) wakeNext(waiters);
        } else {
            waiters.removeFirstOccurrence(w);
        }
    }

    // ---------------------------------------------------------------- tasks

    /**
     * Marks one item that was taken as processed. When every item put so far is processed,
     * callers of {@link #join()} resume.
     *
     * @throws IllegalStateException if called more times than items were put (an immediate
     *                               shutdown counts the items it discards as done)
     */
    public void taskDone() {
        lock.lock();
        try {
            if (unfinished <= 0) throw new IllegalStateException("taskDone() called too many times");
            if (--unfinished == 0) wakeAll(joiners);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every item put so far has been marked processed with {@link #taskDone()};
     * returns at once if none is pending. A suspension point (see the class comment).
     *
     * @throws jasyncio.CancelledError if the caller was cancelled while waiting
     * @throws IllegalStateException   if it would wait in a loop callback
     */
    public void join() {
        Waiter w;
        lock.lock();
        try {
            if (unfinished == 0) return;
            w = Waiter.forCaller("Queue.join()", INTERRUPTED);
            joiners.addLast(w);
        } finally {
            lock.unlock();
        }
        try {
            w.await();
        } catch (Throwable e) {
            lock.lock();
            try {
                if (!w.abandon()) joiners.removeFirstOccurrence(w);
            } finally {
                lock.unlock();
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- shutdown

    /** Shuts the queue down, keeping its items: same as {@code shutdown(false)}. */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down (Python 3.13's {@code Queue.shutdown}): from now on puts throw
     * {@link QueueShutDown}, and so do gets once the queue is empty. Every caller waiting in
     * {@link #put} or {@link #get} resumes and throws it (a waiting getter finds the queue empty,
     * otherwise it would not be waiting).
     *
     * <p>With {@code immediate}, the items still in the queue are discarded and each counts as
     * processed ({@link #taskDone()}), so {@link #join()} returns unless items already taken are
     * still unprocessed. Calling it again is harmless; a later immediate call discards what
     * remains.
     */
    public void shutdown(boolean immediate) {
        lock.lock();
        try {
            shutdown = true;
            if (immediate) {
                while (items.size() > 0) {
                    items.poll();
                    if (unfinished > 0) unfinished--;
                }
                if (unfinished == 0) wakeAll(joiners);
            }
            wakeAll(getters);
            wakeAll(putters);
        } finally {
            lock.unlock();
        }
    }

    private static QueueShutDown shutDown() {
        return new QueueShutDown("the queue is shut down");
    }

    /**
     * The queue as asyncio prints it, e.g. {@code <Queue maxsize=1 queue=[1] putters[2] tasks=1
     * shutdown>}; parts that are empty or zero are left out.
     */
    @Override
    public String toString() {
        lock.lock();
        try {
            StringBuilder s = new StringBuilder("<").append(getClass().getSimpleName())
                    .append(" maxsize=").append(maxsize);
            if (items.size() > 0) s.append(" queue=").append(items.snapshot());
            if (!getters.isEmpty()) s.append(" getters[").append(getters.size()).append(']');
            if (!putters.isEmpty()) s.append(" putters[").append(putters.size()).append(']');
            if (unfinished > 0) s.append(" tasks=").append(unfinished);
            if (shutdown) s.append(" shutdown");
            return s.append('>').toString();
        } finally {
            lock.unlock();
        }
    }
}
