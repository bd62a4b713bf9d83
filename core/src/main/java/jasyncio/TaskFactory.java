package jasyncio;

/**
 * Makes the tasks of an event loop ({@code loop.set_task_factory}). A factory typically adds
 * something around {@link Task#create(EventLoop, Coroutine, String)}, which is the default.
 */
@FunctionalInterface
public interface TaskFactory {
    /** Creates and schedules a task running {@code coro} on {@code loop}; {@code name} may be null. */
    <T> Task<T> createTask(EventLoop loop, Coroutine<T> coro, String name);
}
