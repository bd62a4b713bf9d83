package jasyncio;

import static jasyncio.Asyncio.gather;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * gather(ReturnExceptions.YES) reports a cancelled input as asyncio does: Python 3.11 gives
 * {@code CancelledError('')} (message '') for an input cancelled without a message, and
 * {@code CancelledError('bye')} for {@code cancel('bye')}.
 */
class GatherReturnExceptionsTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void anInputCancelledWithoutMessageGivesCancelledErrorWithEmptyMessage() {
        List<Outcome<Object>> outcomes = loop.runUntilComplete(() -> {
            Future<Object> f = loop.createFuture();
            f.cancel();
            return gather(ReturnExceptions.YES, f);
        });

        assertThat(outcomes.get(0).exceptionOrNull()).isInstanceOf(CancelledError.class).hasMessage("");
    }

    @Test
    void anInputCancelledWithAMessageKeepsIt() {
        List<Outcome<Object>> outcomes = loop.runUntilComplete(() -> {
            Future<Object> f = loop.createFuture();
            f.cancel("bye");
            return gather(ReturnExceptions.YES, f);
        });

        assertThat(outcomes.get(0).exceptionOrNull()).isInstanceOf(CancelledError.class).hasMessage("bye");
    }
}
