package jasyncio.iter;

import java.lang.ref.Reference;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import jasyncio.CancelledError;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.internal.AsyncGenRegistry;
import jasyncio.internal.FutureAccess;
import jasyncio.internal.SelectorLoop;

import static jasyncio.iter.Exchange.*;

/**
 * An async generator: a body that may suspend and {@code yield}s values one at a time to its
 * consumer ({@code async def f(): ... yield x}).
 *
 * <pre>{@code
 * static AsyncGenerator<Integer> ticker(int n) {
 *     return AsyncGenerator.of(out -> {
 *         for (int i = 0; i < n; i++) {
 *             out.yield(i);
 *             sleep(1);
 *         }
 *     });
 * }
 * try (var ticks = ticker(10)) {        // async with aclosing(ticker(10)) as ticks:
 *     for (int t : ticks) {             //     async for t in ticks:
 *         if (t == 3) break;            // close() runs the body's finally blocks
 *     }
 * }
 * }</pre>
 *
 * <p>Nothing runs until the first {@link #anext()} (or {@code hasNext()} of its iterator), which
 * must come from a task: the body then runs as a helper task of that task's loop, named
 * {@code asyncgen-N}, strictly alternating with its consumer. A hand-off switches at once, with no
 * other task in between, as Python runs the body inside the consumer's task. Differences that
 * show: inside the body {@link Task#current()} is the helper task, and the helper task is listed
 * by {@code allTasks()}.
 *
 * <p>{@link #anext()}, {@link #asend}, {@link #athrow} and {@link #aclose()} are suspension points.
 * If the consumer is cancelled while it waits, the body is cancelled at its current suspension
 * point, and what the body does with the {@link CancelledError} (rethrow it, or swallow it and
 * yield) is what the consumer gets. {@link #aclose()} throws {@link GeneratorExit} into a body
 * suspended at a yield, so its {@code finally} blocks run (and may suspend). Generators still open
 * when the loop shuts down are closed by {@link jasyncio.EventLoop#shutdownAsyncgens()}, which
 * {@link jasyncio.Runner#close()} calls; the loop's own {@code close()} cancels any still
 * suspended, which also closes them. One that becomes unreachable while suspended is closed by an
 * {@code aclose()} task on its loop, as Python's finalizer hook does.
 *
 * <p>Errors: the body's exceptions reach the consumer unchecked as themselves, checked ones
 * wrapped in {@link java.util.concurrent.CompletionException}; a {@link StopAsyncIteration}
 * escaping the body becomes an {@link IllegalStateException} (PEP 479). Resuming it while a
 * resume is under way throws {@link IllegalStateException} ("asynchronous generator is already
 * running"). Thread-safe in that sense: any task or thread may resume it, one at a time.
 *
 * @param <T> the type of the values it yields
 */
public final class AsyncGenerator<T> implements AsyncIterator<T>, AutoCloseable {

    /** An async generator's body; {@code out} yields its values. It may suspend anywhere. */
    @FunctionalInterface
    public interface Body<T> {
        void run(Yielder<T> out) throws Exception;
    }

    /** What a body yields through; use it only in the body. */
    public interface Yielder<T> {
        /**
         * Hands {@code value} to the consumer and suspends the body until it is resumed.
         *
         * @return what the consumer sent with {@link AsyncGenerator#asend}, or null for {@code anext()}
         * @throws GeneratorExit if the generator is being closed
         */
        Object yield(T value);
    }

    /** No outcome or command posted. */
    private static final Object NONE = new Object();
    private static final AtomicLong IDS = new AtomicLong();

    private final Engine<T> engine;

    private AsyncGenerator(Body<T> body) {
        this.engine = new Engine<>(body, "asyncgen-" + IDS.incrementAndGet());
        Baton.CLEANER.register(this, engine::abandon);
    }

    /** An async generator running {@code body}; nothing runs until the first value is asked for. */
    public static <T> AsyncGenerator<T> of(Body<T> body) {
        return new AsyncGenerator<>(Objects.requireNonNull(body, "an async generator needs a body"));
    }

    /**
     * Runs the body to its next {@code yield} and returns the value ({@code await agen.__anext__()}).
     *
     * @throws StopAsyncIteration    when the body has ended
     * @throws IllegalStateException if the first call is not made from a task
     */
    @Override
    public T anext() {
        return yieldedOrEnd(resume(SEND_NONE, "anext"));
    }

    /**
     * Resumes the body with {@code value} as the result of its {@code yield} and returns the next
     * value it yields ({@code await agen.asend(value)}). The first resume must send null.
     *
     * @throws StopAsyncIteration       when the body ends instead of yielding
     * @throws IllegalArgumentException for a non-null value to a generator that has not started
     */
    public T asend(Object value) {
        return yieldedOrEnd(resume(Exchange.send(value), "asend"));
    }

    /**
     * Throws {@code error} at the body's {@code yield} and returns the next value it yields
     * ({@code await agen.athrow(error)}). A checked exception arrives as itself. A generator that
     * has not started ends at once and {@code error} is thrown right here.
     *
     * @throws StopAsyncIteration when the body ends instead of yielding, or had ended
     */
    public T athrow(Throwable error) {
        Objects.requireNonNull(error, "athrow(null)");
        return yieldedOrEnd(resume(new Throw(error), "athrow"));
    }

    /**
     * Closes the generator ({@code await agen.aclose()}): a body suspended at a yield gets
     * {@link GeneratorExit} there and runs its {@code finally} blocks; one that has not started
     * never runs. Idempotent.
     *
     * @throws IllegalStateException if the body yields again ("async generator ignored GeneratorExit")
     */
    public void aclose() {
        resume(CLOSE, "aclose");
    }

    /** {@link #aclose()}, for try-with-resources ({@code contextlib.aclosing}). */
    @Override
    public void close() {
        aclose();
    }

    /** Whether the body is running now, for a resume ({@code ag_running}). */
    public boolean isRunning() {
        return engine.isRunning();
    }

    @Override
    public String toString() {
        return "<AsyncGenerator " + engine.name + " " + engine.describe() + ">";
    }

    private Object resume(Object cmd, String op) {
        Object v = engine.resume(cmd, op, this);
        Reference.reachabilityFence(this); // keep the handle (and so the body) alive while it runs
        return v;
    }

    @SuppressWarnings("unchecked")
    private static <T> T yieldedOrEnd(Object v) {
        if (v == DONE) throw new StopAsyncIteration();
        return (T) v;
    }

    /**
     * The generator's state and the hand-off between the consumer and the producer task, through
     * one-shot futures that only signal; what is handed over (a command, an outcome) is posted
     * under the engine's lock. Holds no reference to the {@link AsyncGenerator} handle, so an
     * abandoned handle can be collected (and the body closed).
     *
     * <pre>
     *  CREATED ──first resume──▶ RUNNING ──yield──▶ SUSPENDED ──resume──▶ RUNNING
     *     │                         └──body ends──▶ CLOSED ◀──aclose of CREATED──┘
     * </pre>
     */
    private static final class Engine<T> implements Yielder<T> {
        private enum State { CREATED, SUSPENDED, RUNNING, CLOSED }

        final String name;
        private final FutureAccess futures = FutureAccess.get();
        // Guarded by this.
        private State state = State.CREATED;
        private Body<T> body;
        private SelectorLoop loop;
        /** For the producer: a Send, a Throw, CLOSE, or NONE. */
        private Object command = NONE;
        /** Done when a command is posted; the producer waits on it at a yield. */
        private Future<Void> resumed;
        /** For the consumer: a value, DONE, a Failed, or NONE. */
        private Object outcome = NONE;
        /** Done when an outcome is posted; the consumer waits on it. Null while nobody waits. */
        private Future<Void> replied;
        /** The consumer passed its cancellation on to the producer during this resume. */
        private boolean cancelForwarded;
        /** Whether the command in effect is CLOSE. */
        private boolean closing;
        private volatile Task<Void> producer;

        Engine(Body<T> body, String name) {
            this.body = body;
            this.name = name;
        }

        synchronized boolean isRunning() {
            return state == State.RUNNING;
        }

        synchronized String describe() {
            return state.name().toLowerCase(java.util.Locale.ROOT);
        }

        // ------------------------------------------------------------ consumer side

        /** Posts {@code cmd} and waits for the body's answer: a value, DONE, or a thrown error. */
        Object resume(Object cmd, String op, AutoCloseable handle) {
            Future<Void> wait;
            Runnable wake;
            synchronized (this) {
                switch (state) {
                    case RUNNING -> throw new IllegalStateException(op + "(): asynchronous generator is already running");
                    case CLOSED -> {
                        return DONE;
                    }
                    case CREATED -> {
                        if (endsUnstarted(cmd, "async generator")) {
                            close();
                            return endUnstarted(cmd);
                        }
                        Task<?> consumer = Task.current();
                        if (consumer == null) {
                            throw new IllegalStateException("an async generator is first iterated from a task:"
                                    + " its body runs on that task's loop");
                        }
                        loop = SelectorLoop.of(consumer.getLoop());
                        AsyncGenRegistry.opened(loop, handle);
                        SelectorLoop l = loop;
                        wake = () -> producer = l.createTask(this::produce, name);
                    }
                    default -> { // SUSPENDED
                        Future<Void> r = resumed;
                        wake = () -> futures.trySetResult(r, null);
                    }
                }
                state = State.RUNNING;
                command = cmd;
                cancelForwarded = false;
                replied = wait = loop.createFuture();
            }
            loop.handOff(wake);
            Object o = awaitOutcome(wait);
            if (o instanceof Failed f) throw Exceptions.rethrow(f.error());
            return o;
        }

        private void close() {
            state = State.CLOSED;
            body = null;
        }

        /**
         * Waits for the outcome. A cancellation of the consumer while the body works is passed on
         * to the producer, and the consumer waits for what the body makes of it.
         */
        private Object awaitOutcome(Future<Void> wait) {
            boolean interrupted = false;
            CancelledError lateCancel = null;
            while (true) {
                try {
                    wait.await();
                    break;
                } catch (CancelledError ce) {
                    if (Task.current() == null && Thread.interrupted()) interrupted = true;
                    Task<Void> p;
                    synchronized (this) {
                        if (outcome != NONE) {
                            p = null;
                        } else {
                            replied = wait = loop.createFuture();
                            cancelForwarded = true;
                            p = producer;
                        }
                    }
                    if (p == null) {
                        lateCancel = ce; // the answer came with the cancellation: deliver both
                        break;
                    }
                    p.cancel(ce.getMessage());
                }
            }
            Object o;
            synchronized (this) {
                o = outcome;
                outcome = NONE;
            }
            if (lateCancel != null) rearm(lateCancel);
            if (interrupted) Thread.currentThread().interrupt();
            return o;
        }

        /**
         * The cancel request that arrived with the answer stays pending, for the consumer's next
         * suspension point (in Python the answer reaches the task before the cancellation does).
         */
        private static void rearm(CancelledError ce) {
            Task<?> me = Task.current();
            if (me == null) {
                Thread.currentThread().interrupt();
            } else {
                me.uncancel();
                me.cancel(ce.getMessage());
            }
        }

        // ------------------------------------------------------------ producer side

        /** The producer task: runs the body and posts how it ended. */
        private Void produce() {
            Body<T> b;
            synchronized (this) {
                b = body;
                body = null;
                command = NONE; // the first resume is always anext()
            }
            Throwable error = null;
            try {
                b.run(this);
            } catch (Throwable e) {
                error = e;
            }
            Object end;
            Future<Void> r;
            synchronized (this) {
                state = State.CLOSED;
                end = ending(error, closing, StopAsyncIteration.class, "async generator raised StopAsyncIteration");
                r = replied;
                replied = null;
                if (r != null) outcome = end;
            }
            if (r != null) {
                loop.handOff(() -> futures.trySetResult(r, null));
            } else if (end instanceof Failed f && !(f.error() instanceof CancelledError)) {
                report("an error occurred during closing of asynchronous generator " + name, f.error());
            }
            if (error instanceof CancelledError ce) throw ce; // the helper task ends cancelled, as its body did
            return null;
        }

        @Override
        public Object yield(T value) {
            if (Task.current() == null || Task.current() != producer) {
                throw new IllegalStateException("yield() was called outside this async generator's body");
            }
            Future<Void> r;
            Future<Void> w;
            boolean ignoredExit;
            synchronized (this) {
                ignoredExit = closing;
                state = State.SUSPENDED;
                resumed = w = loop.createFuture();
                r = replied;
                replied = null;
                if (r != null) {
                    outcome = closing ? new Failed(new IllegalStateException("async generator ignored GeneratorExit")) : value;
                }
            }
            if (r != null) {
                loop.handOff(() -> futures.trySetResult(r, null));
            } else if (ignoredExit) {
                report("async generator " + name + " ignored GeneratorExit while the loop was closing it", null);
            }
            Object cmd = awaitCommand(w);
            closing = cmd == CLOSE;
            return atYield(cmd);
        }

        /**
         * Waits at a yield for the consumer's next command. A cancellation that reaches the
         * producer here comes from outside (the loop closing, or Runner cancelling every task):
         * the generator is then closed, as shutdownAsyncgens would. One the consumer forwarded
         * late (it got its answer meanwhile) is withdrawn; one that arrives with a command is
         * thrown into the body.
         */
        private Object awaitCommand(Future<Void> w) {
            while (true) {
                try {
                    w.await();
                } catch (CancelledError ce) {
                    synchronized (this) {
                        if (command != NONE) {
                            command = NONE;
                            closing = false;
                            throw ce;
                        }
                        if (cancelForwarded) {
                            cancelForwarded = false;
                            producer.uncancel();
                            resumed = w = loop.createFuture();
                            continue;
                        }
                        producer.uncancel(); // the cancellation becomes a close
                        state = State.RUNNING;
                        command = CLOSE;
                    }
                }
                synchronized (this) {
                    Object cmd = command;
                    command = NONE;
                    return cmd;
                }
            }
        }

        private void report(String message, Throwable error) {
            loop.callExceptionHandler(jasyncio.ExceptionContext.of(message, error));
        }

        /** The handle became unreachable: a suspended body is closed by an aclose() task on its loop. */
        void abandon() {
            SelectorLoop l;
            synchronized (this) {
                if (state == State.CREATED) close();
                if (state != State.SUSPENDED) return;
                l = loop;
            }
            try {
                l.callSoon(() -> l.createTask(() -> resume(CLOSE, "aclose", null), name + ".aclose"));
            } catch (IllegalStateException closedLoop) {
                // The loop closed: close() already cancelled the producer, which closed the body.
            }
        }
    }
}
