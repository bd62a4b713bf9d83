// twin of examples/python/s004_14_shield_gather.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import java.util.List;

import jasyncio.Future;
import jasyncio.Outcome;
import jasyncio.ReturnExceptions;
import jasyncio.Task;

/**
 * shield: cancelling the shield's outer future leaves the inner task alone; gather with
 * return_exceptions reports the cancellation as a value.
 *
 * <p>asyncio.gather returns its future at once and is awaited later: that is
 * {@code gatherFuture}.
 */
public final class S004_14ShieldGather {
    static int num(int n) {
        return n * 2;
    }

    static void main() {
        Future<Integer> task1 = shield(() -> num(1));
        Task<Integer> task2 = createTask(() -> num(2));

        // ts = asyncio.gather(task1, task2, return_exceptions=True)
        Future<List<Outcome<Integer>>> ts = gatherFuture(ReturnExceptions.YES, task1, task2);

        task1.cancel();

        print(ts.await());

        /*
         输出:
         [concurrent.futures._base.CancelledError(), 4]

        */
    }

    public static void main(String[] args) {  // if __name__ == '__main__':
        run(() -> main());
    }
}
