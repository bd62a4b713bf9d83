package jasyncio;

import java.util.concurrent.CompletableFuture;

/**
 * A program for {@link CtrlCTest} to run in a JVM of its own and interrupt with SIGINT: it says
 * "ready" once the main task runs, then does what the scenario named by its argument says.
 */
public final class CtrlCMain {
    private CtrlCMain() {}

    static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "cancel" -> {
                try {
                    Asyncio.run(() -> {
                        try {
                            say("ready");
                            Asyncio.sleep(3600);
                        } catch (CancelledError e) {
                            say("main task cancelled");
                            throw e;
                        }
                    });
                } catch (KeyboardInterrupt e) {
                    say("KeyboardInterrupt caused by " + e.getCause().getClass().getSimpleName());
                }
            }
            case "swallow" -> {
                String r = Asyncio.run(() -> {
                    try {
                        say("ready");
                        Asyncio.sleep(3600);
                        return "slept";
                    } catch (CancelledError e) {
                        return "cancellation swallowed";
                    }
                });
                say("run returned: " + r);
            }
            case "stubborn" -> Asyncio.run(() -> {
                say("ready");
                while (true) {
                    try {
                        Asyncio.sleep(3600);
                    } catch (CancelledError e) {
                        say("ignoring the cancellation");
                    }
                }
            });
            case "own-handler" -> {
                CompletableFuture<String> interrupted = new CompletableFuture<>();
                sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> interrupted.complete("own handler ran"));
                String r = Asyncio.run(() -> {
                    say("ready");
                    return Asyncio.wrapFuture(interrupted).await();
                });
                say("run returned: " + r);
            }
            case "worker-thread" -> {
                Thread t = new Thread(() -> Asyncio.run(() -> {
                    say("ready");
                    Asyncio.sleep(3600);
                }), "worker");
                t.start();
                t.join();
                say("not reached: the JVM exits on SIGINT");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
