package jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;

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
