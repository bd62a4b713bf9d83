package jasyncio;

import java.util.Set;

/**
 * What {@link Asyncio#wait} returns: the futures that are done and those still pending, each
 * in the order they were passed ({@code done, pending = await asyncio.wait(...)}).
 *
 * @param done    the finished (or cancelled) futures
 * @param pending the unfinished ones
 */
public record Wait<T>(Set<Future<T>> done, Set<Future<T>> pending) {
    public Wait {
        done = java.util.Collections.unmodifiableSet(done);
        pending = java.util.Collections.unmodifiableSet(pending);
    }
}
