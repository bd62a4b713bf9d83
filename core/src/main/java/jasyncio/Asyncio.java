package jasyncio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import jasyncio.internal.SelectorLoop;

/**
 * The asyncio module in Java: {@code import static jasyncio.Asyncio.*;} and write what you
 * would write in Python, minus {@code await}.
 *
 * <p>Every function here that waits is a <em>suspension point</em>: called from a task it
 * suspends only that task (and throws {@link CancelledError} if the task is cancelled while it
 * waits); called from a plain thread it blocks that thread; called from a loop callback it
 * refuses with {@link IllegalStateException}. Functions that need a running loop say so.
 *
 * <p>Exceptions of awaited work are rethrown as themselves when unchecked and wrapped in
 * {@link CompletionException} when checked.
 */
public final class Asyncio {
    private static volatile EventLoopPolicy policy;

    private Asyncio() {}

    // =================================================================== running

    /**
     * Runs {@code main} on a new event loop until it completes, then cancels what is left,
     * shuts the default executor down and closes the loop ({@code asyncio.run(main())}). On the
     * main thread, Ctrl-C cancels {@code main} (see {@link Runner}).
     *
     * @throws IllegalStateException if called from a running loop
     * @throws KeyboardInterrupt     if Ctrl-C cancelled {@code main}
     */
    public static <T> T run(Coroutine<T> main) {
        return run(main, null);
    }

    /** {@link #run(Coroutine)} with the loop's debug mode set to {@code debug}. */
    public static <T> T run(Coroutine<T> main, boolean debug) {
        return run(main, (Boolean) debug);
    }

    /** {@link #run(Coroutine)} for a coroutine without a value. */
    public static void run(VoidCoroutine main) {
        run(main.asCoroutine(), null);
    }

    /** {@link #run(VoidCoroutine)} with the loop's debug mode set to {@code debug}. */
    public static void run(VoidCoroutine main, boolean debug) {
        run(main.asCoroutine(), (Boolean) debug);
    }

    private static <T> T run(Coroutine<T> main, Boolean debug) {
        if (SelectorLoop.running() != null) {
            throw new IllegalStateException("Asyncio.run() cannot be called from a running event loop;"
                    + " inside a task, call the coroutine directly or use createTask");
        }
        try (Runner runner = new Runner(debug, null)) {
            return runner.run(main);
        }
    }

    // =================================================================== loops and policy

    /**
     * The loop running the caller (a task's loop, or the loop whose callback is running).
     *
     * @throws IllegalStateException if no loop is running in this thread
     */
    public static EventLoop getRunningLoop() {
        SelectorLoop l = SelectorLoop.running();
        if (l == null) throw new IllegalStateException("no running event loop");
        return l;
    }

    /** The running loop, or else the policy's current loop for this thread (created on first use). */
    public static EventLoop getEventLoop() {
        SelectorLoop l = SelectorLoop.running();
        return l != null ? l : getEventLoopPolicy().getEventLoop();
    }

    /** Makes {@code loop} the current loop of this thread (null clears it). */
    public static void setEventLoop(EventLoop loop) {
        getEventLoopPolicy().setEventLoop(loop);
    }

    /** A new event loop from the policy; the caller closes it. */
    public static EventLoop newEventLoop() {
        return getEventLoopPolicy().newEventLoop();
    }

    /** The installed event-loop policy (the default one if none was set). */
    public static EventLoopPolicy getEventLoopPolicy() {
        EventLoopPolicy p = policy;
        if (p == null) {
            synchronized (Asyncio.class) {
                if (policy == null) policy = new DefaultEventLoopPolicy();
                p = policy;
            }
        }
        return p;
    }

    /** Installs {@code newPolicy} for the whole JVM; null restores the default. */
    public static void setEventLoopPolicy(EventLoopPolicy newPolicy) {
        synchronized (Asyncio.class) {
            policy = newPolicy;
        }
    }

    // =================================================================== tasks

    /** Schedules {@code coro} as a task on the running loop ({@code asyncio.create_task}). */
    public static <T> Task<T> createTask(Coroutine<T> coro) {
        return getRunningLoop().createTask(coro, null);
    }

    /** Schedules {@code coro} as a task named {@code name} on the running loop. */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return getRunningLoop().createTask(coro, name);
    }

    /** Schedules a coroutine without a value as a task on the running loop. */
    public static Task<Void> createTask(VoidCoroutine coro) {
        return getRunningLoop().createTask(coro.asCoroutine(), null);
    }

    /** Schedules a coroutine without a value as a task named {@code name}. */
    public static Task<Void> createTask(VoidCoroutine coro, String name) {
        return getRunningLoop().createTask(coro.asCoroutine(), name);
    }

    /** {@code future} itself ({@code asyncio.ensure_future} of a future). */
    public static <T> Future<T> ensureFuture(Future<T> future) {
        if (future == null) throw new NullPointerException("ensureFuture(null)");
        return future;
    }

    /** A task running {@code coro} on the running loop, or on the current loop outside one. */
    public static <T> Future<T> ensureFuture(Coroutine<T> coro) {
        return getEventLoop().createTask(coro, null);
    }

    /** A task running a coroutine without a value, on the running loop or else the current loop. */
    public static Future<Void> ensureFuture(VoidCoroutine coro) {
        return getEventLoop().createTask(coro.asCoroutine(), null);
    }

    /** The task running the caller, or null outside any task. */
    public static Task<?> currentTask() {
        return Task.current();
    }

    /** The live (not done) tasks of the running loop. */
    public static Set<Task<?>> allTasks() {
        return new LinkedHashSet<>(SelectorLoop.of(getRunningLoop()).allTasks());
    }

    /** The live tasks of {@code loop}; call from the loop's thread or while it is not running. */
    public static Set<Task<?>> allTasks(EventLoop loop) {
        return new LinkedHashSet<>(SelectorLoop.of(loop).allTasks());
    }

    /**
     * Prints every live task of {@code loop} with its state and stack: a thread dump for
     * tasks. Call it from the loop's thread, from one of its tasks, or while it is not running.
     */
    public static void dumpTasks(EventLoop loop, java.io.PrintStream out) {
        List<Task<?>> tasks = SelectorLoop.of(loop).allTasks();
        out.println(tasks.size() + " live task(s) on " + loop + ":");
        for (Task<?> t : tasks) {
            out.println(t + " thread-state=" + t.threadState() + " cancelling=" + t.cancelling());
            for (StackTraceElement e : t.getStack()) out.println("\tat " + e);
        }
    }

    // =================================================================== sleeping

    /** Suspends for {@code delay} seconds ({@code await asyncio.sleep(delay)}); 0 or less yields once. */
    public static void sleep(double delay) {
        sleep(delay, null);
    }

    /** Suspends for {@code delay}. */
    public static void sleep(Duration delay) {
        sleep(seconds(delay), null);
    }

    /** Suspends for {@code delay}, then returns {@code result}. */
    public static <T> T sleep(Duration delay, T result) {
        return sleep(seconds(delay), result);
    }

    /**
     * Suspends for {@code delay} seconds, then returns {@code result}
     * ({@code await asyncio.sleep(delay, result)}). A delay of 0 or less yields to the other
     * ready tasks once. Outside a task it blocks the thread (Thread.sleep).
     */
    public static <T> T sleep(double delay, T result) {
        if (Double.isNaN(delay)) throw new IllegalArgumentException("sleep: delay is NaN");
        Task<?> task = Task.current();
        if (task == null) {
            SelectorLoop.refuseBlockingOnLoopThread("sleep()");
            sleepThread(delay);
            return result;
        }
        if (delay <= 0) {
            task.yieldOnce();
            return result;
        }
        Future<T> done = new Future<>(task.getLoop());
        TimerHandle h = task.getLoop().callLater(delay, () -> done.trySetResult(result));
        try {
            return done.await();
        } finally {
            h.cancel();
        }
    }

    private static void sleepThread(double delay) {
        if (delay <= 0) {
            Thread.yield();
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos((long) Math.min(delay * 1e9, Long.MAX_VALUE)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledError("interrupted while sleeping", e);
        }
    }

    // =================================================================== gather

    /**
     * Waits for all {@code futures} and returns their results in order ({@code await
     * asyncio.gather(*fs)}). The first failure is rethrown at once (the others keep running);
     * cancelling the waiting task cancels every input.
     */
    @SafeVarargs
    public static <T> List<T> gather(Future<? extends T>... futures) {
        return gather(Arrays.asList(futures));
    }

    /** {@link #gather(Future[])} over a collection. */
    public static <T> List<T> gather(Collection<? extends Future<? extends T>> futures) {
        return gatherFuture(futures).await();
    }

    /**
     * The future behind {@link #gather(Collection)}, returned at once: what {@code asyncio.gather}
     * itself returns before it is awaited. Pass it to {@link #waitFor}, {@link #shield}, or cancel
     * it (which cancels every input that is not done).
     */
    public static <T> Future<List<T>> gatherFuture(Collection<? extends Future<? extends T>> futures) {
        List<Future<? extends T>> args = new ArrayList<>(futures);
        return GatheringFuture.start(loopFor(args), args, false, Asyncio::resultOf);
    }

    /** {@link #gatherFuture(Collection)} of the given futures. */
    @SafeVarargs
    public static <T> Future<List<T>> gatherFuture(Future<? extends T>... futures) {
        return gatherFuture(Arrays.asList(futures));
    }

    /** The future behind {@link #gather(ReturnExceptions, Collection)}, returned at once. */
    public static <T> Future<List<Outcome<T>>> gatherFuture(ReturnExceptions returnExceptions,
                                                           Collection<? extends Future<? extends T>> futures) {
        if (returnExceptions == null) throw new NullPointerException("returnExceptions");
        List<Future<? extends T>> args = new ArrayList<>(futures);
        return GatheringFuture.start(loopFor(args), args, true, Asyncio::outcomeOf);
    }

    /** {@link #gatherFuture(ReturnExceptions, Collection)} of the given futures. */
    @SafeVarargs
    public static <T> Future<List<Outcome<T>>> gatherFuture(ReturnExceptions returnExceptions,
                                                           Future<? extends T>... futures) {
        return gatherFuture(returnExceptions, Arrays.asList(futures));
    }

    /** Runs each coroutine as a task and gathers them ({@code gather(coro1(), coro2())}). */
    @SafeVarargs
    public static <T> List<T> gather(Coroutine<? extends T>... coros) {
        return gather(tasksFor(coros));
    }

    /**
     * Waits for all {@code futures} and returns an {@link Outcome} per input, in order, instead
     * of failing on the first error ({@code gather(*fs, return_exceptions=True)}).
     */
    @SafeVarargs
    public static <T> List<Outcome<T>> gather(ReturnExceptions returnExceptions, Future<? extends T>... futures) {
        return gather(returnExceptions, Arrays.asList(futures));
    }

    /** The return-exceptions form over a collection. */
    public static <T> List<Outcome<T>> gather(ReturnExceptions returnExceptions,
                                              Collection<? extends Future<? extends T>> futures) {
        return gatherFuture(returnExceptions, futures).await();
    }

    /** The return-exceptions form over coroutines, each run as a task. */
    @SafeVarargs
    public static <T> List<Outcome<T>> gather(ReturnExceptions returnExceptions, Coroutine<? extends T>... coros) {
        return gather(returnExceptions, tasksFor(coros));
    }

    private static <T> T resultOf(Future<? extends T> f) {
        return f.result();
    }

    @SuppressWarnings("unchecked")
    private static <T> Outcome<T> outcomeOf(Future<? extends T> f) {
        return Outcome.of((Future<T>) f);
    }

    @SafeVarargs
    private static <T> List<Future<? extends T>> tasksFor(Coroutine<? extends T>... coros) {
        EventLoop loop = getEventLoop();
        List<Future<? extends T>> tasks = new ArrayList<>(coros.length);
        for (Coroutine<? extends T> c : coros) tasks.add(loop.createTask(c, null));
        return tasks;
    }

    private static SelectorLoop loopFor(List<? extends Future<?>> futures) {
        SelectorLoop running = SelectorLoop.running();
        if (running != null) return running;
        if (!futures.isEmpty()) return SelectorLoop.of(futures.get(0).getLoop());
        return SelectorLoop.of(getEventLoop());
    }

    // =================================================================== wait / asCompleted

    /** Waits until all {@code futures} are done; see {@link #wait(Collection, double, ReturnWhen)}. */
    public static <T> Wait<T> wait(Collection<? extends Future<T>> futures) {
        return wait(futures, Double.POSITIVE_INFINITY, ReturnWhen.ALL_COMPLETED);
    }

    /** Waits until {@code when} is satisfied, without a timeout. */
    public static <T> Wait<T> wait(Collection<? extends Future<T>> futures, ReturnWhen when) {
        return wait(futures, Double.POSITIVE_INFINITY, when);
    }

    /** Waits until all are done or {@code timeout} seconds pass ({@code asyncio.wait(fs, timeout=t)}). */
    public static <T> Wait<T> wait(Collection<? extends Future<T>> futures, double timeout) {
        return wait(futures, timeout, ReturnWhen.ALL_COMPLETED);
    }

    /** Waits until all are done or {@code timeout} passes. */
    public static <T> Wait<T> wait(Collection<? extends Future<T>> futures, Duration timeout) {
        return wait(futures, seconds(timeout), ReturnWhen.ALL_COMPLETED);
    }

    /** Waits until {@code when} is satisfied or {@code timeout} passes. */
    public static <T> Wait<T> wait(Collection<? extends Future<T>> futures, Duration timeout, ReturnWhen when) {
        return wait(futures, seconds(timeout), when);
    }

    /**
     * Waits until {@code when} is satisfied or {@code timeout} seconds pass
     * ({@code done, pending = await asyncio.wait(fs, timeout=…, return_when=…)}). Nothing is
     * cancelled on timeout: the pending ones are returned. {@link Double#POSITIVE_INFINITY}
     * means no timeout.
     *
     * @throws IllegalArgumentException if {@code futures} is empty
     */
    public static <T> Wait<T> wait(Collection<? extends Future<T>> futures, double timeout, ReturnWhen when) {
        if (futures.isEmpty()) throw new IllegalArgumentException("Set of Tasks/Futures is empty.");
        if (when == null) throw new NullPointerException("return_when is null: pass a ReturnWhen");
        Set<Future<T>> fs = new LinkedHashSet<>(futures);
        SelectorLoop loop = loopFor(new ArrayList<>(fs));
        Future<Void> waiter = new Future<>(loop);
        TimerHandle timer = timeout == Double.POSITIVE_INFINITY ? null
                : loop.callLater(timeout, () -> waiter.trySetResult(null));
        int[] counter = {fs.size()};
        Consumer<Future<T>> onCompletion = f -> {
            boolean last;
            synchronized (counter) {
                last = --counter[0] <= 0;
            }
            if (last || when == ReturnWhen.FIRST_COMPLETED
                    || (when == ReturnWhen.FIRST_EXCEPTION && !f.isCancelled() && f.exception() != null)) {
                if (timer != null) timer.cancel();
                waiter.trySetResult(null);
            }
        };
        for (Future<T> f : fs) f.addDoneCallback(onCompletion);
        try {
            waiter.await();
        } finally {
            if (timer != null) timer.cancel();
            for (Future<T> f : fs) f.removeDoneCallback(onCompletion);
        }
        Set<Future<T>> done = new LinkedHashSet<>();
        Set<Future<T>> pending = new LinkedHashSet<>();
        for (Future<T> f : fs) (f.isDone() ? done : pending).add(f);
        return new Wait<>(done, pending);
    }

    /**
     * The futures in the order they finish: each {@code next()} suspends until one more is done
     * and returns it ({@code for f in asyncio.as_completed(fs)}). Needs a running loop.
     */
    public static <T> Iterable<Future<T>> asCompleted(Collection<? extends Future<T>> futures) {
        return asCompleted(futures, Double.POSITIVE_INFINITY);
    }

    /** {@link #asCompleted(Collection)} whose {@code next()} throws {@link TimeoutError} after {@code timeout}. */
    public static <T> Iterable<Future<T>> asCompleted(Collection<? extends Future<T>> futures, Duration timeout) {
        return asCompleted(futures, seconds(timeout));
    }

    /** {@link #asCompleted(Collection)} with a timeout in seconds ({@code POSITIVE_INFINITY}: none). */
    public static <T> Iterable<Future<T>> asCompleted(Collection<? extends Future<T>> futures, double timeout) {
        return new AsCompleted<>(SelectorLoop.of(getRunningLoop()), List.copyOf(futures), timeout);
    }

    // =================================================================== timeouts

    /**
     * Waits for {@code future} at most {@code timeout} seconds; on timeout cancels it, waits for
     * it to finish cancelling, and throws {@link TimeoutError} ({@code asyncio.wait_for}).
     */
    public static <T> T waitFor(Future<T> future, double timeout) {
        if (timeout <= 0) {
            if (future.isDone()) return future.result();
            cancelAndWait(future);
            try {
                return future.result();
            } catch (CancelledError e) {
                throw new TimeoutError(null, e);
            }
        }
        return Timeout.after(timeout).run(future::await);
    }

    /** {@link #waitFor(Future, double)} with a {@link Duration}. */
    public static <T> T waitFor(Future<T> future, Duration timeout) {
        return waitFor(future, seconds(timeout));
    }

    /**
     * Runs {@code coro} in the calling task with a time limit of {@code timeout} seconds; on
     * timeout the coroutine is cancelled and {@link TimeoutError} thrown.
     */
    public static <T> T waitFor(Coroutine<T> coro, double timeout) {
        if (timeout <= 0) return waitFor(ensureFuture(coro), timeout);
        return Timeout.after(timeout).run(coro);
    }

    /** {@link #waitFor(Coroutine, double)} with a {@link Duration}. */
    public static <T> T waitFor(Coroutine<T> coro, Duration timeout) {
        return waitFor(coro, seconds(timeout));
    }

    private static void cancelAndWait(Future<?> fut) {
        Future<Void> waiter = new Future<>(fut.getLoop());
        Consumer<Future<?>> release = f -> waiter.trySetResult(null);
        fut.addDoneCallback(release);
        try {
            fut.cancel();
            waiter.await();
        } finally {
            fut.removeDoneCallback(release);
        }
    }

    /**
     * Runs {@code body} with a deadline {@code delay} seconds away ({@code async with
     * asyncio.timeout(delay)}); see {@link Timeout}. For {@code reschedule}/{@code expired},
     * use {@link Timeout#after(double)} and {@link Timeout#run(Coroutine)}.
     */
    public static <T> T timeout(double delay, Coroutine<T> body) {
        return Timeout.after(delay).run(body);
    }

    /** {@link #timeout(double, Coroutine)} with a {@link Duration}. */
    public static <T> T timeout(Duration delay, Coroutine<T> body) {
        return Timeout.after(seconds(delay)).run(body);
    }

    /** {@link #timeout(double, Coroutine)} for a body without a value. */
    public static void timeout(double delay, VoidCoroutine body) {
        Timeout.after(delay).run(body);
    }

    /** {@link #timeout(Duration, Coroutine)} for a body without a value. */
    public static void timeout(Duration delay, VoidCoroutine body) {
        Timeout.after(seconds(delay)).run(body);
    }

    /** Runs {@code body} with a deadline at loop time {@code when} ({@code asyncio.timeout_at}). */
    public static <T> T timeoutAt(double when, Coroutine<T> body) {
        return Timeout.at(when).run(body);
    }

    /** {@link #timeoutAt(double, Coroutine)} for a body without a value. */
    public static void timeoutAt(double when, VoidCoroutine body) {
        Timeout.at(when).run(body);
    }

    // =================================================================== shield, groups

    /**
     * Protects {@code inner} from cancellation ({@code asyncio.shield}): the returned future
     * follows {@code inner}, but cancelling it (or the task awaiting it) leaves {@code inner}
     * running.
     */
    public static <T> Future<T> shield(Future<T> inner) {
        if (inner.isDone()) return inner;
        Future<T> outer = new Future<>(inner.getLoop());
        Consumer<Future<T>> innerDone = in -> {
            if (outer.isCancelled()) {
                if (!in.isCancelled()) in.exception(); // mark retrieved
                return;
            }
            if (in.isCancelled()) {
                outer.cancel();
            } else {
                outer.copyFrom(in);
            }
        };
        inner.addDoneCallback(innerDone);
        outer.addDoneCallback(o -> {
            if (!inner.isDone()) inner.removeDoneCallback(innerDone);
        });
        return outer;
    }

    /** Runs {@code coro} as a task and shields it. */
    public static <T> Future<T> shield(Coroutine<T> coro) {
        return shield(ensureFuture(coro));
    }

    /**
     * Runs {@code body} with a new {@link TaskGroup} and returns when all its tasks are done
     * ({@code async with asyncio.TaskGroup() as tg}).
     *
     * @throws ExceptionGroup if any task (or the body) failed
     */
    public static void taskGroup(TaskGroup.Body body) {
        TaskGroup.run(body);
    }

    // =================================================================== threads and foreign futures

    /**
     * Runs {@code fn} on the running loop's default thread pool and waits for its value
     * ({@code await asyncio.to_thread(fn)}). Use it for file I/O, DNS, native code and long CPU
     * work, which would otherwise hold the loop. Outside a loop, runs {@code fn} in the caller.
     */
    public static <T> T toThread(Coroutine<T> fn) {
        SelectorLoop loop = SelectorLoop.running();
        if (loop == null) {
            try {
                return fn.call();
            } catch (Exception e) {
                throw unchecked(e);
            }
        }
        return loop.runInExecutor(null, fn).await();
    }

    /** {@link #toThread(Coroutine)} for a function without a value. */
    public static void toThread(VoidCoroutine fn) {
        toThread(fn.asCoroutine());
    }

    /**
     * A jasyncio future that follows {@code stage}; cancelling it cancels the stage
     * ({@code asyncio.wrap_future}).
     */
    public static <T> Future<T> wrapFuture(CompletionStage<T> stage) {
        Future<T> f = new Future<>(getEventLoop());
        CompletableFuture<T> cf = stage.toCompletableFuture();
        cf.whenComplete((v, e) -> {
            if (e == null) {
                f.trySetResult(v);
            } else {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof java.util.concurrent.CancellationException) {
                    f.cancel();
                } else {
                    f.trySetException(cause);
                }
            }
        });
        f.addDoneCallback(x -> {
            if (x.isCancelled()) cf.cancel(false);
        });
        return f;
    }

    /** {@link #wrapFuture(CompletionStage)} for a CompletableFuture. */
    public static <T> Future<T> wrapFuture(CompletableFuture<T> future) {
        return wrapFuture((CompletionStage<T>) future);
    }

    /**
     * A jasyncio future that follows {@code future}: itself if it is one, else a pool thread
     * waits for it. Cancelling the result cancels {@code future} (with interruption).
     */
    @SuppressWarnings("unchecked")
    public static <T> Future<T> wrapFuture(java.util.concurrent.Future<T> future) {
        if (future instanceof Future<T> f) return f;
        if (future instanceof CompletionStage<?> cs) return wrapFuture((CompletionStage<T>) cs);
        EventLoop loop = getEventLoop();
        Future<T> f = loop.runInExecutor(null, () -> {
            try {
                return future.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception ex ? ex : e;
            }
        });
        f.addDoneCallback(x -> {
            if (x.isCancelled()) future.cancel(true);
        });
        return f;
    }

    /**
     * Submits {@code coro} to {@code loop} from any thread and returns a future of its value
     * ({@code asyncio.run_coroutine_threadsafe}). Awaiting the future blocks a plain thread
     * or suspends a task; cancelling it cancels the task.
     */
    public static <T> Future<T> runCoroutineThreadsafe(Coroutine<T> coro, EventLoop loop) {
        if (coro == null) throw new NullPointerException("runCoroutineThreadsafe needs a coroutine, got null");
        Future<T> result = new Future<>(loop);
        loop.callSoonThreadsafe(() -> {
            if (result.isCancelled()) return;
            Task<T> task;
            try {
                task = loop.createTask(coro);
            } catch (Throwable e) {
                result.trySetException(e);
                return;
            }
            task.addDoneCallback(result::copyFrom);
            result.addDoneCallback(r -> {
                if (r.isCancelled()) task.cancel();
            });
        });
        return result;
    }

    /** {@link #runCoroutineThreadsafe(Coroutine, EventLoop)} for a coroutine without a value. */
    public static Future<Void> runCoroutineThreadsafe(VoidCoroutine coro, EventLoop loop) {
        return runCoroutineThreadsafe(coro.asCoroutine(), loop);
    }

    // =================================================================== streams

    /**
     * Connects to {@code host:port} and returns the connection's reader and writer
     * ({@code reader, writer = await asyncio.open_connection(host, port)}); needs a running
     * loop. See {@link jasyncio.net.Streams#openConnection(String, int, int, jasyncio.net.ConnectionOptions)}.
     */
    public static jasyncio.net.Streams openConnection(String host, int port) {
        return jasyncio.net.Streams.openConnection(host, port);
    }

    /** {@link #openConnection(String, int)} with readers limited to {@code limit} bytes a line. */
    public static jasyncio.net.Streams openConnection(String host, int port, int limit) {
        return jasyncio.net.Streams.openConnection(host, port, limit);
    }

    /**
     * Listens on {@code host:port} and runs {@code clientConnected} as a task per accepted
     * connection with its reader and writer ({@code asyncio.start_server}); needs a running loop.
     */
    public static jasyncio.net.Server startServer(jasyncio.net.ClientConnected clientConnected, String host, int port) {
        return jasyncio.net.Streams.startServer(clientConnected, host, port);
    }

    /** Connects to the Unix domain socket {@code path} ({@code asyncio.open_unix_connection}). */
    public static jasyncio.net.Streams openUnixConnection(String path) {
        return jasyncio.net.Streams.openUnixConnection(path);
    }

    /** Listens on the Unix domain socket {@code path} ({@code asyncio.start_unix_server}). */
    public static jasyncio.net.Server startUnixServer(jasyncio.net.ClientConnected clientConnected, String path) {
        return jasyncio.net.Streams.startUnixServer(clientConnected, path);
    }

    // =================================================================== subprocesses

    /**
     * Starts {@code program} with {@code args}, every standard stream inherited
     * ({@code await asyncio.create_subprocess_exec(program, *args)}); needs a running loop.
     * See {@link jasyncio.net.Subprocess}.
     */
    public static jasyncio.net.Subprocess createSubprocessExec(String program, String... args) {
        return createSubprocessExec(jasyncio.net.SubprocessOptions.DEFAULTS, program, args);
    }

    /**
     * Starts {@code program} with {@code args} and {@code options} (pipes, working directory,
     * environment, reader limit): {@code create_subprocess_exec(program, *args, stdout=PIPE, ...)}.
     */
    public static jasyncio.net.Subprocess createSubprocessExec(jasyncio.net.SubprocessOptions options, String program,
                                                               String... args) {
        List<String> command = new ArrayList<>(args.length + 1);
        command.add(program);
        command.addAll(List.of(args));
        return jasyncio.net.Subprocess.exec(command, options);
    }

    /** Runs {@code cmd} through the shell, every standard stream inherited ({@code asyncio.create_subprocess_shell}). */
    public static jasyncio.net.Subprocess createSubprocessShell(String cmd) {
        return jasyncio.net.Subprocess.shell(cmd, jasyncio.net.SubprocessOptions.DEFAULTS);
    }

    /** Runs {@code cmd} through the shell with {@code options}. */
    public static jasyncio.net.Subprocess createSubprocessShell(String cmd, jasyncio.net.SubprocessOptions options) {
        return jasyncio.net.Subprocess.shell(cmd, options);
    }

    // =================================================================== helpers

    /** {@code d} in seconds, as the loop's clock counts them. */
    static double seconds(Duration d) {
        if (d == null) throw new NullPointerException("duration is null");
        return d.getSeconds() + d.getNano() / 1e9;
    }

    /** {@code e} as an unchecked exception: itself if unchecked, else wrapped. */
    static RuntimeException unchecked(Throwable e) {
        if (e instanceof RuntimeException re) return re;
        if (e instanceof Error err) throw err;
        return new CompletionException(e);
    }
}
