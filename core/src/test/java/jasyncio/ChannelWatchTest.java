package jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;

import jasyncio.internal.SelectorLoop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** loop.addReader/addWriter: callbacks on readiness of channels on the loop's own selector. */
@Timeout(10)
class ChannelWatchTest {

    @Test
    void aReaderIsCalledWhenDataArrivesAndNotAfterRemoval() throws Exception {
        Pipe pipe = Pipe.open();
        List<String> events = new ArrayList<>();
        try (EventLoop loop = Asyncio.newEventLoop()) {
            Future<String> got = loop.createFuture();
            loop.addReader(pipe.source(), () -> {
                ByteBuffer buf = ByteBuffer.allocate(16);
                try {
                    int n = pipe.source().read(buf);
                    events.add("read " + n);
                    assertThat(loop.removeReader(pipe.source())).isTrue();
                    got.setResult(new String(buf.array(), 0, n));
                } catch (java.io.IOException e) {
                    got.setException(e);
                }
            });
            loop.callSoon(() -> {
                try {
                    pipe.sink().write(ByteBuffer.wrap("hello".getBytes()));
                } catch (java.io.IOException e) {
                    got.setException(e);
                }
            });
            assertThat(loop.runUntilComplete(got)).isEqualTo("hello");
            assertThat(loop.removeReader(pipe.source())).isFalse();
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
        assertThat(events).containsExactly("read 5");
    }

    @Test
    void aReadyReaderRunsOnceEvenWhenTheLoopSelectsAgainBeforeItsTurn() throws Exception {
        Pipe pipe = Pipe.open();
        try (EventLoop loop = Asyncio.newEventLoop()) {
            int[] calls = {0};
            loop.addReader(pipe.source(), () -> {
                calls[0]++;
                try {
                    pipe.source().read(ByteBuffer.allocate(64)); // drain, so it is not ready again
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Future<Integer> seen = loop.createFuture();
            loop.callSoon(() -> {
                try {
                    pipe.sink().write(ByteBuffer.wrap("x".getBytes()));
                } catch (java.io.IOException e) {
                    seen.setException(e);
                    return;
                }
                // Each extra selection (as a server's close makes) finds the reader ready again
                // before its turn; the next turn's own selection finds it a third time.
                SelectorLoop.of(loop).flushClosedChannels();
                SelectorLoop.of(loop).flushClosedChannels();
                // Two turns on: the reader's turn has passed, the one after has not run it yet.
                loop.callSoon(() -> loop.callSoon(() -> seen.setResult(calls[0])));
            });
            assertThat(loop.runUntilComplete(seen)).isEqualTo(1);
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    @Test
    void aWriterIsCalledWhileTheChannelCanTakeData() throws Exception {
        Pipe pipe = Pipe.open();
        try (EventLoop loop = Asyncio.newEventLoop()) {
            Future<Integer> calls = loop.createFuture();
            int[] n = {0};
            loop.addWriter(pipe.sink(), () -> {
                if (++n[0] == 3) {
                    loop.removeWriter(pipe.sink());
                    calls.setResult(n[0]);
                }
            });
            assertThat(loop.runUntilComplete(calls)).isEqualTo(3);
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    @Test
    void watchingFromAnotherThreadWhileTheLoopRunsIsRefusedWithTheFix() throws Exception {
        Pipe pipe = Pipe.open();
        try (EventLoop loop = Asyncio.newEventLoop()) {
            Thread t = Thread.ofPlatform().start(loop::runForever);
            try {
                while (!loop.isRunning()) Thread.onSpinWait();
                assertThatThrownBy(() -> loop.addReader(pipe.source(), () -> {}))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("callSoonThreadsafe");
            } finally {
                loop.stop();
                t.join();
            }
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }
}
