/**
 * Async iteration and the older coroutine styles: {@link jasyncio.iter.AsyncIterator} and
 * {@link jasyncio.iter.AsyncIterable} ({@code async for} is a for-each whose {@code hasNext()} may
 * suspend), {@link jasyncio.iter.AsyncGenerator} ({@code async def} with {@code yield}),
 * {@link jasyncio.iter.Generator} ({@code yield} and {@code yield from}) and
 * {@link jasyncio.iter.Greenlet} (explicit {@code switch}).
 *
 * <p>A generator's or greenlet's body has a stack of its own: it runs on a virtual thread that
 * strictly alternates with whoever resumes it, exactly one of them running at a time. Inside a
 * task, that thread is scheduled by the task's loop and each switch takes effect at once, with no
 * other task in between, as Python's single thread would; outside any loop, the JVM's virtual
 * threads run it.
 *
 * <p>Python's names that Java reserves or {@link java.lang.Object} owns are renamed:
 * {@code gen.throw(e)} is {@link jasyncio.iter.Generator#throwInto}, {@code glet.switch()} is
 * {@link jasyncio.iter.Greenlet#switchTo()}, {@code yield x} is {@code out.yield(x)} on the body's
 * yielder. Python's {@code RuntimeError} is {@link java.lang.IllegalStateException}, its
 * {@code TypeError} for a bad argument {@link java.lang.IllegalArgumentException};
 * {@code GeneratorExit} and {@code GreenletExit} are {@link java.lang.Error}s, so that
 * {@code catch (Exception e)} lets them through as {@code except Exception} does.
 */
package jasyncio.iter;
