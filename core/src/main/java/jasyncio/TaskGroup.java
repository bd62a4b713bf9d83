package jasyncio;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import jasyncio.internal.SelectorLoop;

/**
 * Structured concurrency: tasks created in a group are all finished when the group's block
 * ends ({@code async with asyncio.TaskGroup() as tg}, Python 3.11+ semantics).
 *
 * <p>If a task fails, the group cancels the others and the block itself, waits for all of
 * them, then throws an {@link ExceptionGroup} of every failure (the block's own exception
 * included). If the task running the block is cancelled from outside, the children are
 * cancelled too and {@link CancelledError} propagates. {@link VirtualMachineError}s are
 * rethrown as themselves, like Python's {@code KeyboardInterrupt}/{@code SystemExit}.
 *
 * <p>Loop-confined: create tasks from the task running the block (or from its loop's tasks).
 *
 * <pre>{@code
 * Asyncio.taskGroup(tg -> {
 *     Task<String> a = tg.createTask(A::work);
 *     tg.createTask(B::work);
 * });   // both are done here
 * }</pre>
 */
public final class TaskGroup {
    /** The body of a task group's block. */
    @FunctionalInterface
    public interface Body {
        /** Runs with the entered group; may create tasks in it and suspend. */
        void run(TaskGroup tg) throws Exception;
    }

    private boolean entered;
    private boolean exiting;
    private boolean aborting;
    private SelectorLoop loop;
    private Task<?> parentTask;
    private boolean parentCancelRequested;
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    private Throwable baseError;
    private Future<Boolean> onCompleted;
    private final Consumer<Future<?>> onTaskDone = this::onTaskDone;

    private TaskGroup() {}

    /** Runs {@code body} in a new group and waits for all the group's tasks; see the class comment. */
    static void run(Body body) {
        TaskGroup tg = new TaskGroup();
        tg.enter();
        Throwable failure = null;
        try {
            body.run(tg);
        } catch (Throwable e) {
            failure = e;
        }
        tg.exit(failure);
        if (failure != null) throw Asyncio.unchecked(failure);
    }

    private void enter() {
        parentTask = Task.current();
        if (parentTask == null) {
            throw new IllegalStateException("TaskGroup cannot determine the parent task: use it inside a task");
        }
        loop = SelectorLoop.of(parentTask.getLoop());
        entered = true;
    }

    /** Creates a task in this group with a generated name. */
    public <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, null);
    }

    /** Creates a task without a value in this group. */
    public Task<Void> createTask(VoidCoroutine coro) {
        return createTask(coro.asCoroutine(), null);
    }

    /** Creates a task without a value in this group, named {@code name}. */
    public Task<Void> createTask(VoidCoroutine coro, String name) {
        return createTask(coro.asCoroutine(), name);
    }

    /**
     * Creates a task in this group named {@code name} (generated if null).
     *
     * @throws IllegalStateException if the group's block has finished or the group is aborting
     */
    public <T> Task<T> createTask(Coroutine<T> coro, String name) {
        if (!entered) throw new IllegalStateException("TaskGroup has not been entered");
        if (exiting && tasks.isEmpty()) throw new IllegalStateException("TaskGroup is finished");
        if (aborting) throw new IllegalStateException("TaskGroup is shutting down");
        Task<T> task = loop.createTask(coro, name);
        if (task.isDone()) {
            onTaskDone(task);
        } else {
            tasks.add(task);
            task.addDoneCallback(onTaskDone);
        }
        return task;
    }

    private static boolean isBaseError(Throwable e) {
        return e instanceof VirtualMachineError;
    }

    private void abort() {
        aborting = true;
        for (Task<?> t : tasks) {
            if (!t.isDone()) t.cancel();
        }
    }

    private void onTaskDone(Future<?> f) {
        Task<?> task = (Task<?>) f;
        tasks.remove(task);
        if (onCompleted != null && tasks.isEmpty() && !onCompleted.isDone()) onCompleted.trySetResult(true);
        if (task.isCancelled()) return;
        Throwable exc = task.exception();
        if (exc == null) return;
        errors.add(exc);
        if (isBaseError(exc) && baseError == null) baseError = exc;
        if (parentTask.isDone()) {
            loop.callExceptionHandler(new ExceptionContext("Task " + task.getName()
                    + " has errored out but its parent task " + parentTask.getName() + " is already completed",
                    exc, task, null));
            return;
        }
        if (!aborting && !parentCancelRequested) {
            // Cancel whatever the block is waiting on; exit() withdraws this request again.
            abort();
            parentCancelRequested = true;
            parentTask.cancel();
        }
    }

    private void exit(Throwable et) {
        exiting = true;
        if (et != null && isBaseError(et) && baseError == null) baseError = et;
        Throwable propagateCancel = et != null && Task.isCancellation(et) ? et : null;
        if (et != null && !aborting) abort();

        while (!tasks.isEmpty()) {
            if (onCompleted == null) onCompleted = loop.createFuture();
            try {
                onCompleted.await();
            } catch (CancelledError ex) {
                if (!aborting) {
                    // The task running the block is being cancelled while children still run.
                    propagateCancel = ex;
                    abort();
                }
            }
            onCompleted = null;
        }

        if (baseError != null) throw Asyncio.unchecked(baseError);
        if (parentCancelRequested && parentTask.uncancel() == 0) {
            // No cancellation left but our own: do not propagate it.
            propagateCancel = null;
        }
        if (propagateCancel != null && errors.isEmpty()) {
            throw propagateCancel instanceof CancelledError ce ? ce : new CancelledError(null, propagateCancel);
        }
        if (et != null && !Task.isCancellation(et)) errors.add(et);
        if (!errors.isEmpty()) {
            if (parentTask.cancelling() > 0) {
                // Cancelled from outside too: keep the count of requests stable.
                parentTask.uncancel();
                parentTask.cancel();
            }
            throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
        }
    }

    @Override
    public String toString() {
        return "<TaskGroup tasks=" + tasks.size() + (errors.isEmpty() ? "" : " errors=" + errors.size())
                + (aborting ? " cancelling" : entered ? " entered" : "") + ">";
    }
}
