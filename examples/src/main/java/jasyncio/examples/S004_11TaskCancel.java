// twin of examples/python/s004_11_task_cancel.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import jasyncio.CancelledError;
import jasyncio.EventLoop;
import jasyncio.Task;

/** A task cancelled before it starts: awaiting it raises CancelledError. */
public final class S004_11TaskCancel {
    static int child() {
        return 1;
    }

    static void main(EventLoop loop) {
        Task<Integer> task = loop.createTask(S004_11TaskCancel::child);
        task.cancel();

        try {
            task.await();
            print("res: ", task.result());  // else: (runs only when await did not raise)
        } catch (CancelledError e) {
            print("task cancelled");
        }
    }


    public static void main(String[] args) {  // if __name__ == "__main__":
        EventLoop loop = getEventLoop();
        try {
            loop.runUntilComplete(() -> main(loop));
        } finally {
            loop.close();
        }
    }
}
