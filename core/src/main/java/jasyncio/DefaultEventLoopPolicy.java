package jasyncio;

import jasyncio.internal.SelectorLoop;

/**
 * One current loop per thread; {@link #getEventLoop()} creates it for a thread that never
 * called {@link #setEventLoop} (Python makes this exception only for the main thread; Java
 * programs start loops from any thread, so every thread gets it).
 */
final class DefaultEventLoopPolicy implements EventLoopPolicy {
    private static final class Local {
        EventLoop loop;
        boolean setCalled;
    }

    private final ThreadLocal<Local> local = ThreadLocal.withInitial(Local::new);

    @Override
    public EventLoop getEventLoop() {
        Local l = local.get();
        if (l.loop == null) {
            if (l.setCalled) {
                throw new IllegalStateException("There is no current event loop in thread '"
                        + Thread.currentThread().getName() + "': call Asyncio.setEventLoop(Asyncio.newEventLoop()) first");
            }
            l.loop = newEventLoop();
        }
        return l.loop;
    }

    @Override
    public void setEventLoop(EventLoop loop) {
        Local l = local.get();
        l.setCalled = true;
        l.loop = loop;
    }

    @Override
    public EventLoop newEventLoop() {
        return new SelectorLoop();
    }
}
