package jasyncio.iter;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import jasyncio.Coroutine;
import jasyncio.VoidCoroutine;

/**
 * A greenlet: a function with a stack of its own, to and from which control is switched
 * explicitly ({@code greenlet.greenlet}).
 *
 * <pre>{@code
 * static Greenlet gr1, gr2;
 * static void func1() { print(1); gr2.switchTo(); print(2); gr2.switchTo(); }
 * static void func2() { print(3); gr1.switchTo(); print(4); }
 *
 * gr1 = new Greenlet(Main::func1);
 * gr2 = new Greenlet(Main::func2);
 * gr1.switchTo();          // prints 1 3 2 4
 * }</pre>
 *
 * <p>{@link #switchTo(Object)} suspends the current greenlet and runs the target: its function
 * starts with the value (first switch) or its own pending {@code switchTo} returns it. When a
 * greenlet's function returns, control and the return value go to its parent (by default the
 * greenlet that created it); an exception it throws is thrown in the parent instead, except
 * {@link GreenletExit}, which the parent receives as a value. Switching to a dead greenlet goes to
 * its parent. Every thread has a main greenlet ({@link #getCurrent()} before any switch), the
 * root of its tree, which is never dead.
 *
 * <p>Each greenlet runs on a virtual thread of its own; exactly one greenlet of a tree runs at a
 * time. No event loop is needed; inside a task, the greenlets run on the task's loop, and a switch
 * takes effect at once (a greenlet other than the task's own is not a task: {@code Task.current()}
 * is null in it). Switching is not a cancellation point. Greenlets of one tree are used from
 * that tree's threads only: switching to another tree's greenlet throws
 * {@link IllegalStateException} ("cannot switch to a different thread"). A greenlet left
 * suspended forever keeps its parked virtual thread; end it with {@link #throwInto()}.
 */
public final class Greenlet {

    /** A greenlet's function: receives the value of the first switch; returns the value for the parent. */
    @FunctionalInterface
    public interface Run {
        Object run(Object arg) throws Exception;
    }

    /** A value thrown to the receiving greenlet instead of returned. */
    private record Thrown(Throwable error) {}

    private static final ThreadLocal<Greenlet> CURRENT = new ThreadLocal<>();
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    /** The function; null for a main greenlet. */
    private final Run run;
    /** The main greenlet of this one's tree (itself for a main greenlet). */
    private final Greenlet root;
    /** Null only for a main greenlet. */
    private volatile Greenlet parent;
    /** This greenlet's side of the hand-off; a main greenlet's from the start, others' from the first switch. */
    private volatile Baton side;
    private volatile boolean started;
    private volatile boolean dead;
    /** What the greenlet that switched here passed (a value or a Thrown); handed over with the turn. */
    private Object inbox;

    /** A greenlet running {@code run}, whose parent is the current greenlet. */
    public Greenlet(Run run) {
        this(run, null);
    }

    /** A greenlet running {@code run} with {@code parent} (the current greenlet if null). */
    public Greenlet(Run run, Greenlet parent) {
        this.run = Objects.requireNonNull(run, "a greenlet needs a function to run");
        Greenlet current = getCurrent();
        Greenlet p = parent == null ? current : parent;
        if (p.root != current.root) throw new IllegalArgumentException("parent cannot be on a different thread");
        this.parent = p;
        this.root = p.root;
    }

    /** A greenlet running a function without argument or result ({@code greenlet(func)}). */
    public Greenlet(VoidCoroutine run) {
        this(asRun(run));
    }

    /** A greenlet running a function without argument; its result goes to the parent. */
    public Greenlet(Coroutine<?> run) {
        this(asRun(run));
    }

    private static Run asRun(VoidCoroutine fn) {
        Objects.requireNonNull(fn, "a greenlet needs a function to run");
        return arg -> {
            fn.run();
            return null;
        };
    }

    private static Run asRun(Coroutine<?> fn) {
        Objects.requireNonNull(fn, "a greenlet needs a function to run");
        return arg -> fn.call();
    }

    /** A thread's main greenlet. */
    private Greenlet() {
        this.run = null;
        this.root = this;
        this.side = Baton.ofCurrentThread();
        this.started = true;
    }

    /** The greenlet running the caller: the thread's main greenlet if no greenlet runs it. */
    public static Greenlet getCurrent() {
        Greenlet g = CURRENT.get();
        if (g == null) {
            g = new Greenlet();
            CURRENT.set(g);
        }
        return g;
    }

    /** Switches to this greenlet without a value ({@code g.switch()}); see {@link #switchTo(Object)}. */
    public Object switchTo() {
        return switchTo(null);
    }

    /**
     * Suspends the current greenlet and runs this one (or, if this one is dead, its nearest live
     * ancestor), passing {@code value}; returns when some greenlet switches back to the current
     * one, with the value it passed.
     *
     * @throws IllegalStateException if this greenlet belongs to another thread's tree
     */
    public Object switchTo(Object value) {
        Greenlet current = getCurrent();
        checkSameTree(current);
        return current.transfer(liveSelfOrAncestor(), value);
    }

    /** Ends this greenlet with a {@link GreenletExit} ({@code g.throw()}); see {@link #throwInto(Throwable)}. */
    public Object throwInto() {
        return throwInto(new GreenletExit());
    }

    /**
     * Switches to this greenlet and throws {@code error} at its pending switch ({@code g.throw(e)});
     * returns what is switched back to the caller. A greenlet that has not started dies without
     * running and a dead one stays dead: then {@code error} goes to the parent (a
     * {@link GreenletExit} as a value, anything else thrown there).
     */
    public Object throwInto(Throwable error) {
        Objects.requireNonNull(error, "throwInto(null)");
        Greenlet current = getCurrent();
        checkSameTree(current);
        if (!started) dead = true;
        if (dead) {
            return current.transfer(liveSelfOrAncestor(), error instanceof GreenletExit ? error : new Thrown(error));
        }
        return current.transfer(this, new Thrown(error));
    }

    /** The parent: where control goes when this greenlet's function ends; null for a main greenlet. */
    public Greenlet getParent() {
        return parent;
    }

    /**
     * Changes the parent.
     *
     * @throws IllegalArgumentException if it would make a cycle, or the parent is in another tree
     */
    public void setParent(Greenlet newParent) {
        Objects.requireNonNull(newParent, "a greenlet's parent cannot be null");
        if (run == null) throw new IllegalArgumentException("a main greenlet has no parent");
        for (Greenlet g = newParent; g != null; g = g.parent) {
            if (g == this) throw new IllegalArgumentException("cyclic parent chain");
        }
        if (newParent.root != root) throw new IllegalArgumentException("parent cannot be on a different thread");
        parent = newParent;
    }

    /** Whether the function has ended ({@code g.dead}); a greenlet that has not started is not dead. */
    public boolean isDead() {
        return dead;
    }

    /** Whether it has started and not ended ({@code bool(g)}); a main greenlet always is. */
    public boolean isActive() {
        return started && !dead;
    }

    @Override
    public String toString() {
        String state = run == null ? "main" : dead ? "dead" : started ? "active" : "not started";
        return "<Greenlet #" + id + " " + state + ">";
    }

    private void checkSameTree(Greenlet current) {
        if (current.root != root) throw new IllegalStateException("cannot switch to a different thread");
    }

    private Greenlet liveSelfOrAncestor() {
        Greenlet g = this;
        while (g.dead) g = g.parent;
        return g;
    }

    /** Called on the current greenlet: hands {@code message} and control to {@code target}. */
    private Object transfer(Greenlet target, Object message) {
        if (target == this) return receive(message);
        target.inbox = message;
        Baton.pass(side, target.sideToRun());
        Object m = inbox;
        inbox = null;
        return receive(m);
    }

    /** This greenlet's side, with a new thread for its function on the first switch to it. */
    private Baton sideToRun() {
        if (!started) {
            started = true;
            side = Baton.newBody("greenlet-" + id, this::runOnOwnThread);
        }
        return side;
    }

    private static Object receive(Object message) {
        if (message instanceof Thrown t) throw Exceptions.sneaky(t.error());
        return message;
    }

    /** The greenlet's thread: runs the function, then gives its end to the nearest live ancestor. */
    private void runOnOwnThread() {
        CURRENT.set(this);
        side.awaitTurn();
        Object arg = inbox;
        inbox = null;
        Object message;
        if (arg instanceof Thrown) {
            message = arg; // started by an exception (a dying child's): it dies without running
        } else {
            try {
                message = run.run(arg);
            } catch (GreenletExit exit) {
                message = exit;
            } catch (Throwable e) {
                message = new Thrown(e);
            }
        }
        dead = true;
        Greenlet p = parent;
        while (p.dead) p = p.parent;
        p.inbox = message;
        Baton.give(p.sideToRun());
        CURRENT.remove();
    }
}
