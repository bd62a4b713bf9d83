/**
 * jasyncio core: the event loop, Tasks, Futures and the asyncio surface.
 *
 * <p>Tasks are virtual threads scheduled by their loop, which needs {@code java.lang} opened to
 * this module: {@code --add-opens java.base/java.lang=jasyncio.core} (on the class path:
 * {@code =ALL-UNNAMED}). Without it, a JVM started with
 * {@code -Djdk.virtualThreadScheduler.parallelism=1 -Djdk.virtualThreadScheduler.maxPoolSize=1}
 * runs every loop and its tasks on the JDK's one carrier instead (the single-carrier mode).
 */
module jasyncio.core {
    requires jdk.unsupported; // sun.misc.Signal: signal handlers and names (jasyncio.internal.Signals)
    exports jasyncio;
    exports jasyncio.context;
    exports jasyncio.iter;
    exports jasyncio.net;
    exports jasyncio.queue;
    exports jasyncio.sync;
    exports jasyncio.internal to jasyncio.test, jasyncio.bench, jasyncio.examples;
    exports jasyncio.internal.net to jasyncio.test, jasyncio.bench, jasyncio.examples;
}
