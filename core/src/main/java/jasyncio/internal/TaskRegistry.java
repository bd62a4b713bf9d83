package jasyncio.internal;

import java.util.List;

import jasyncio.Task;

/** The live tasks of a loop, made by {@link FutureAccess#newTaskRegistry()}. Loop-confined. */
public interface TaskRegistry {
    /** Records a new live task. */
    void add(Task<?> t);

    /** Forgets a task; no effect if it is not recorded. */
    void remove(Task<?> t);

    /** How many tasks are live. */
    int size();

    /** The live tasks, oldest first. */
    List<Task<?>> snapshot();

    /** Whether no task is live. */
    default boolean isEmpty() {
        return size() == 0;
    }
}
