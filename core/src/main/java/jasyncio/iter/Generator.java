package jasyncio.iter;

import java.lang.ref.Reference;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

import static jasyncio.iter.Exchange.*;

/**
 * A generator: a body that {@code yield}s values one at a time to whoever iterates it, and is
 * suspended in between ({@code def f(): yield 1}). Nothing runs until the first value is asked
 * for; {@link Yielder#yieldFrom} delegates to another generator ({@code yield from}).
 *
 * <pre>{@code
 * static Generator<Integer> func1() {
 *     return Generator.of(out -> {
 *         out.yield(1);
 *         out.yieldFrom(func2());   // yield from func2()
 *         out.yield(2);
 *     });
 * }
 * for (int item : func1()) print(item);
 * }</pre>
 *
 * <p>The body runs on a virtual thread of its own, strictly alternating with its caller: exactly
 * one of them runs at a time, so the body may use the caller's data without locks. Used from a
 * task, the body runs on the task's loop and takes over at once, as Python's generator runs in
 * the calling thread; used from a plain thread (no loop needed), it runs on the JVM's virtual
 * threads. Resuming it is not a cancellation point. The body is not a task ({@code Task.current()}
 * is null there), so task-only calls such as {@code createTask} belong in the caller.
 *
 * <p>Lifecycle: {@code created → suspended at a yield ⇄ running → finished}. {@link #close()}
 * throws {@link GeneratorExit} into a suspended body, so its {@code finally} blocks run; use
 * try-with-resources when breaking out of a loop early. A generator that becomes unreachable while
 * suspended is closed the same way (in the background, nobody told of its errors), as Python does
 * when it collects one.
 *
 * <p>Errors: the body's exceptions reach the caller of {@code hasNext()}/{@code next()}/{@link
 * #send}/{@link #throwInto}/{@link #close()} unchecked as themselves, checked ones wrapped in
 * {@link java.util.concurrent.CompletionException}; a {@link NoSuchElementException} escaping the
 * body becomes an {@link IllegalStateException} ("generator raised StopIteration", PEP 479).
 * Resuming a generator whose body is running throws {@link IllegalStateException} ("generator
 * already executing"). Not thread-safe beyond that check: one caller at a time.
 *
 * @param <T> the type of the values it yields
 */
public final class Generator<T> implements Iterator<T>, Iterable<T>, AutoCloseable {

    /** A generator's body; {@code out} yields its values. */
    @FunctionalInterface
    public interface Body<T> {
        void run(Yielder<T> out) throws Exception;
    }

    /** A body that also returns a value: the value of {@code yield from} it (PEP 380). */
    @FunctionalInterface
    public interface ReturningBody<T> {
        Object run(Yielder<T> out) throws Exception;
    }

    /** What a body yields through; use it only in the body's own thread. */
    public interface Yielder<T> {
        /**
         * Hands {@code value} to the caller and suspends the body until it is resumed
         * ({@code x = yield value}).
         *
         * @return what the caller sent with {@link Generator#send}, or null for {@code next()}
         * @throws GeneratorExit if the generator is being closed
         */
        Object yield(T value);

        /**
         * Yields every value of {@code source} ({@code yield from source}). With a generator, the
         * caller's {@code send}, {@code throwInto} and {@code close} go to it while it runs.
         *
         * @return the return value of a {@link Generator#returning} generator; otherwise null
         */
        Object yieldFrom(Iterable<? extends T> source);
    }

    private final Engine<T> engine;
    /** A value fetched by {@link #hasNext()} and not yet taken by {@link #next()}. */
    private T lookahead;
    private boolean fetched;

    private Generator(ReturningBody<T> body) {
        this.engine = new Engine<>(body);
        Baton.CLEANER.register(this, engine::abandon);
    }

    /** A generator running {@code body}; nothing runs until the first value is asked for. */
    public static <T> Generator<T> of(Body<T> body) {
        Objects.requireNonNull(body, "a generator needs a body");
        return new Generator<>(out -> {
            body.run(out);
            return null;
        });
    }

    /** A generator whose body returns a value, available from {@link #returnValue()} and {@code yieldFrom}. */
    public static <T> Generator<T> returning(ReturningBody<T> body) {
        return new Generator<>(Objects.requireNonNull(body, "a generator needs a body"));
    }

    /** This generator: a generator is its own iterator, so it can be iterated once. */
    @Override
    public Iterator<T> iterator() {
        return this;
    }

    /** Runs the body to its next {@code yield} unless a value is already fetched; false once it ended. */
    @Override
    public boolean hasNext() {
        if (fetched) return true;
        Object v = engine.resume(SEND_NONE);
        Reference.reachabilityFence(this); // keep the handle (and so the body) alive while it runs
        if (v == DONE) return false;
        lookahead = cast(v);
        fetched = true;
        return true;
    }

    /** The next value ({@code next(gen)}). */
    @Override
    public T next() {
        if (!hasNext()) throw new NoSuchElementException("the generator is exhausted");
        return take();
    }

    /**
     * Resumes the body with {@code value} as the result of its {@code yield} and returns the next
     * value it yields ({@code gen.send(value)}). The first resume must send null.
     *
     * @throws NoSuchElementException   if the body ends instead of yielding
     * @throws IllegalArgumentException for a non-null value to a generator that has not started
     */
    public T send(Object value) {
        refuseLookahead("send");
        Object v = engine.resume(Exchange.send(value));
        Reference.reachabilityFence(this);
        return yieldedOrEnd(v);
    }

    /**
     * Throws {@code error} at the body's {@code yield} ({@code gen.throw(error)}) and returns the
     * next value it yields. A checked exception arrives as itself. If the generator has not
     * started or has ended, {@code error} is thrown right here.
     *
     * @throws NoSuchElementException if the body ends instead of yielding
     */
    public T throwInto(Throwable error) {
        Objects.requireNonNull(error, "throwInto(null)");
        refuseLookahead("throwInto");
        Object v = engine.resume(new Throw(error));
        Reference.reachabilityFence(this);
        return yieldedOrEnd(v);
    }

    /**
     * Closes the generator: a suspended body gets {@link GeneratorExit} at its {@code yield} and
     * runs its {@code finally} blocks; one that has not started never runs. Idempotent.
     *
     * @throws IllegalStateException if the body yields again ("generator ignored GeneratorExit")
     */
    @Override
    public void close() {
        fetched = false;
        lookahead = null;
        engine.resume(CLOSE);
        Reference.reachabilityFence(this);
    }

    /** What a {@link #returning} body returned, once it has; null otherwise. */
    public Object returnValue() {
        return engine.returnValue;
    }

    /** Whether the body is running now ({@code gi_running}). */
    public boolean isRunning() {
        return engine.isRunning();
    }

    @Override
    public String toString() {
        return "<Generator " + engine.describe() + ">";
    }

    private T take() {
        T v = lookahead;
        lookahead = null;
        fetched = false;
        return v;
    }

    private void refuseLookahead(String op) {
        if (fetched) {
            throw new IllegalStateException(op + "(): hasNext() already fetched the next value;"
                    + " take it with next() first");
        }
    }

    private T yieldedOrEnd(Object v) {
        if (v == DONE) throw new NoSuchElementException("the generator is exhausted");
        return cast(v);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object v) {
        return (T) v;
    }

    /**
     * The generator's state and the hand-off with its body. Holds no reference to the
     * {@link Generator} handle, so an abandoned handle can be collected (and the body closed).
     */
    private static final class Engine<T> implements Yielder<T> {
        private enum State { CREATED, SUSPENDED, RUNNING, CLOSED }

        /** Guarded by this; the other fields are handed over with the turn. */
        private State state = State.CREATED;
        private ReturningBody<T> body;
        private Baton bodySide;
        /** The side waiting for the body's next outcome; null while nobody is. */
        private Baton caller;
        /** For the body: a Send, a Throw or CLOSE. */
        private Object command;
        /** For the caller: a value, DONE or a Failed. */
        private Object outcome;
        /** Whether the command in effect is CLOSE. Body thread only. */
        private boolean closing;
        volatile Object returnValue;

        Engine(ReturningBody<T> body) {
            this.body = body;
        }

        /** Resumes the body with {@code cmd}: the yielded value, or DONE when it ended. */
        Object resume(Object cmd) {
            Baton me;
            synchronized (this) {
                switch (state) {
                    case RUNNING -> throw new IllegalStateException("generator already executing");
                    case CLOSED -> {
                        if (cmd instanceof Throw t) throw Exceptions.sneaky(t.error());
                        return DONE;
                    }
                    case CREATED -> {
                        if (endsUnstarted(cmd, "generator")) {
                            close();
                            return endUnstarted(cmd);
                        }
                        bodySide = Baton.newBody("generator", this::runBody);
                    }
                    case SUSPENDED -> { }
                }
                state = State.RUNNING;
                command = cmd;
                caller = me = Baton.ofCurrentThread();
            }
            Baton.pass(me, bodySide);
            Object o = outcome;
            outcome = null;
            if (o instanceof Failed f) throw Exceptions.rethrow(f.error());
            return o;
        }

        private void close() {
            state = State.CLOSED;
            body = null;
        }

        synchronized boolean isRunning() {
            return state == State.RUNNING;
        }

        synchronized String describe() {
            return state.name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The body's thread: runs the body, then hands its end to the caller. */
        private void runBody() {
            bodySide.awaitTurn();
            ReturningBody<T> b;
            synchronized (this) {
                b = body;
                body = null;
            }
            command = null; // the first resume is always next()
            Object result = null;
            Throwable error = null;
            try {
                result = b.run(this);
            } catch (Throwable e) {
                error = e;
            }
            Baton to;
            Object end;
            synchronized (this) {
                state = State.CLOSED;
                if (error == null) returnValue = result;
                end = ending(error, closing, NoSuchElementException.class, "generator raised StopIteration");
                outcome = end;
                to = caller;
                caller = null;
            }
            if (to != null) {
                Baton.give(to);
            } else if (end instanceof Failed f) {
                System.getLogger("jasyncio").log(System.Logger.Level.WARNING,
                        "an abandoned generator failed while being closed", f.error());
            }
        }

        @Override
        public Object yield(T value) {
            if (Thread.currentThread() != bodySide.thread()) {
                throw new IllegalStateException("yield() was called outside this generator's body");
            }
            Baton to;
            synchronized (this) {
                outcome = closing ? new Failed(new IllegalStateException("generator ignored GeneratorExit")) : value;
                state = State.SUSPENDED;
                to = caller;
                caller = null;
            }
            if (to != null) {
                Baton.pass(bodySide, to);
            } else {
                // Closed because it was abandoned, and it yields anyway: nobody can resume it now.
                if (closing) {
                    System.getLogger("jasyncio").log(System.Logger.Level.WARNING,
                            "an abandoned generator ignored GeneratorExit and stays suspended");
                }
                bodySide.dropTurn();
                bodySide.awaitTurn();
            }
            Object cmd = command;
            command = null;
            closing = cmd == CLOSE;
            return atYield(cmd);
        }

        @Override
        public Object yieldFrom(Iterable<? extends T> source) {
            Objects.requireNonNull(source, "yieldFrom(null)");
            if (source instanceof Generator<? extends T> g) return delegate(g);
            for (T v : source) this.yield(v);
            return null;
        }

        /** PEP 380: forward values out, and sends, throws and closes in, until the delegate ends. */
        private Object delegate(Generator<? extends T> g) {
            Object y = g.fetched ? g.take() : g.engine.resume(SEND_NONE);
            while (y != DONE) {
                Object sent;
                try {
                    sent = this.yield(cast(y));
                } catch (GeneratorExit e) {
                    g.close();
                    throw e;
                } catch (Throwable e) {
                    y = g.engine.resume(new Throw(e));
                    continue;
                }
                y = g.engine.resume(Exchange.send(sent));
            }
            return g.engine.returnValue;
        }

        /** The handle became unreachable: close a suspended body without waiting for it. */
        void abandon() {
            Baton to;
            synchronized (this) {
                if (state == State.CREATED) close();
                if (state != State.SUSPENDED) return;
                state = State.RUNNING;
                command = CLOSE;
                caller = null;
                to = bodySide;
            }
            Baton.give(to);
        }
    }
}
