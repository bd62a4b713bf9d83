package jasyncio.testing;

import java.util.ArrayList;
import java.util.List;

import jasyncio.ExceptionContext;
import jasyncio.Task;

/**
 * What a test did wrong, as the text of one {@link AssertionError}: each problem a paragraph,
 * leaked tasks with their stacks, reported errors with their exceptions as the cause and
 * suppressed exceptions (so their stacks print too).
 */
final class Problems {
    /** Frames of a task stack shown at most; the rest is summarised. */
    private static final int MAX_FRAMES = 40;

    private final List<String> paragraphs = new ArrayList<>();
    private final List<Throwable> causes = new ArrayList<>();

    void add(String paragraph) {
        paragraphs.add(paragraph);
    }

    void add(String paragraph, Throwable cause) {
        paragraphs.add(paragraph);
        causes.add(cause);
    }

    void leakedTasks(String loopName, List<Task<?>> tasks) {
        paragraphs.add(count(tasks.size(), "task") + " still alive on " + loopName + " when the test ended;"
                + " a test must await or cancel every task it starts:" + describe(tasks));
    }

    void leftBehind(String loopName, List<Task<?>> tasks) {
        paragraphs.add(count(tasks.size(), "task") + " ignored cancellation when " + loopName
                + " closed and " + (tasks.size() == 1 ? "was" : "were") + " left behind:" + describe(tasks));
    }

    void errors(List<ExceptionContext> reported) {
        if (reported.isEmpty()) return;
        StringBuilder sb = new StringBuilder(count(reported.size(), "error"))
                .append(" reached the event loop's exception handler:");
        for (ExceptionContext c : reported) {
            sb.append("\n  ").append(c.message());
            if (c.task() != null) sb.append(" [task '").append(c.task().getName()).append("']");
            if (c.exception() != null) {
                sb.append(": ").append(c.exception());
                causes.add(c.exception());
            }
        }
        paragraphs.add(sb.toString());
    }

    /** Throws the assertion error describing every problem, if there is any. */
    void throwIfAny() {
        if (paragraphs.isEmpty()) return;
        AssertionError e = new AssertionError(String.join("\n\n", paragraphs));
        if (!causes.isEmpty()) {
            e.initCause(causes.getFirst());
            for (Throwable t : causes.subList(1, causes.size())) e.addSuppressed(t);
        }
        throw e;
    }

    private static String describe(List<Task<?>> tasks) {
        StringBuilder sb = new StringBuilder();
        for (Task<?> t : tasks) {
            sb.append("\n  ").append(t);
            List<StackTraceElement> frames = userFrames(t.getStack());
            if (frames.isEmpty()) sb.append(" (not started: its first step was still queued)");
            int shown = Math.min(frames.size(), MAX_FRAMES);
            for (StackTraceElement f : frames.subList(0, shown)) sb.append("\n      at ").append(f);
            if (shown < frames.size()) sb.append("\n      ... ").append(frames.size() - shown).append(" more");
        }
        return sb.toString();
    }

    /**
     * The frames that say where a task waits: without the virtual-thread parking machinery on
     * top, and without the loop's own frames below the task's coroutine.
     */
    static List<StackTraceElement> userFrames(StackTraceElement[] stack) {
        int from = 0;
        while (from < stack.length && isParkingFrame(stack[from])) from++;
        int to = from;
        while (to < stack.length && !isTaskBoundary(stack[to])) to++;
        return List.of(stack).subList(from, to);
    }

    private static boolean isParkingFrame(StackTraceElement f) {
        String c = f.getClassName();
        return c.startsWith("jdk.internal.") || c.equals("java.lang.VirtualThread") || c.equals("java.lang.System$1")
                || c.equals("java.util.concurrent.locks.LockSupport");
    }

    private static boolean isTaskBoundary(StackTraceElement f) {
        String c = f.getClassName();
        return c.equals("jasyncio.Task") && f.getMethodName().equals("step") || c.equals("jasyncio.VoidCoroutine");
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
