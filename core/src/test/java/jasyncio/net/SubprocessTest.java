package jasyncio.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jasyncio.Asyncio;
import jasyncio.CancelledError;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Task;

/**
 * Child processes through {@link Asyncio#createSubprocessExec} and the low-level
 * {@code loop.subprocessExec}: asyncio's test_subprocess.py re-expressed (cat echo, communicate,
 * large data without deadlock, stderr into stdout, return codes of signals, terminate/kill,
 * cancellation, broken stdin) plus leaks: every test ends with no pump thread alive and no file
 * descriptor left open.
 */
@Timeout(10)
class SubprocessTest {
    private static final SubprocessOptions PIPE_IN_OUT =
            SubprocessOptions.builder().stdin(Stdio.PIPE).stdout(Stdio.PIPE).build();
    private static final String[] BLOCKED = {"sleep", "3600"};

    private long fdsBefore;
    private final List<Long> pids = Collections.synchronizedList(new ArrayList<>());

    /**
     * Lets the JVM-wide resources that the first loop and the first child create lazily (the
     * JDK's pollers, its process reaper) exist before the descriptors are counted.
     */
    @BeforeAll
    static void warmUp() {
        Asyncio.run(() -> Asyncio.createSubprocessExec(SubprocessOptions.builder().stdout(Stdio.PIPE).build(), "true")
                .communicate());
    }

    @BeforeEach
    void countDescriptors() {
        fdsBefore = openFds();
    }

    /** No child left running, no pump thread left, no descriptor left open. */
    @AfterEach
    void nothingLeaks() throws Exception {
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("child %d still running", pid).isFalse();
            for (Thread t : pumps(pid)) {
                t.join(5_000);
                assertThat(t.isAlive()).as("pump %s ended", t.getName()).isFalse();
            }
        }
        assertThat(openFds()).as(() -> fdList()).isEqualTo(fdsBefore);
    }

    static String fdList() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.map(p -> {
                try {
                    return p.getFileName() + "->" + Files.readSymbolicLink(p);
                } catch (IOException e) {
                    return p.getFileName() + "->?";
                }
            }).toList().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Thread> pumps(long pid) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("jasyncio-subprocess-" + pid + "-"))
                .toList();
    }

    static long openFds() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    <T> T run(Coroutine<T> main) {
        return Asyncio.run(main);
    }

    Subprocess exec(SubprocessOptions options, String... command) {
        Subprocess p = Asyncio.createSubprocessExec(options, command[0], Arrays.copyOfRange(command, 1, command.length));
        pids.add(p.pid());
        return p;
    }

    static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, UTF_8);
    }

    @Test
    void dataWrittenToCatComesBackOnItsStdout() {
        String out = run(() -> {
            Subprocess cat = exec(PIPE_IN_OUT, "cat");
            cat.stdin().write(bytes("some data"));
            cat.stdin().drain();
            cat.stdin().close();
            byte[] data = cat.stdout().read();
            assertThat(cat.waitFor()).isZero();
            return text(data);
        });
        assertThat(out).isEqualTo("some data");
    }

    @Test
    void communicateFeedsStdinAndCollectsStdout() {
        run(() -> {
            Subprocess cat = exec(PIPE_IN_OUT, "cat");
            Subprocess.Output out = cat.communicate(bytes("some data"));
            assertThat(text(out.stdout())).isEqualTo("some data");
            assertThat(out.stderr()).isNull();
            assertThat(cat.returncode()).isZero();
            return null;
        });
    }

    @Test
    void communicateMovesMegabytesBothWaysWithoutDeadlock() {
        byte[] input = new byte[4 << 20];
        new Random(7).nextBytes(input);
        run(() -> {
            SubprocessOptions all = PIPE_IN_OUT.toBuilder().stderr(Stdio.PIPE).build();
            Subprocess p = exec(all, "sh", "-c", "cat; cat /dev/null; head -c 300000 /dev/zero >&2");
            Subprocess.Output out = p.communicate(input);
            assertThat(out.stdout()).isEqualTo(input);
            assertThat(out.stderr()).hasSize(300_000);
            assertThat(p.returncode()).isZero();
            return null;
        });
    }

    @Test
    void aShellCommandsExitStatusIsTheReturncode() {
        run(() -> {
            Subprocess p = Asyncio.createSubprocessShell("exit 7");
            pids.add(p.pid());
            assertThat(p.returncode()).isNull();
            assertThat(p.waitFor()).isEqualTo(7);
            assertThat(p.returncode()).isEqualTo(7);
            return null;
        });
    }

    @Test
    void stderrCanGoIntoStdout() {
        run(() -> {
            SubprocessOptions merged = SubprocessOptions.builder().stdout(Stdio.PIPE).stderr(Stdio.STDOUT).build();
            Subprocess p = exec(merged, "sh", "-c", "echo out; echo err >&2; echo out again");
            assertThat(p.stderr()).isNull();
            Subprocess.Output out = p.communicate();
            assertThat(text(out.stdout())).isEqualTo("out\nerr\nout again\n");
            assertThat(out.stderr()).isNull();
            return null;
        });
    }

    @Test
    void killAndTerminateGiveTheNegativeSignalNumber() {
        run(() -> {
            Subprocess killed = exec(SubprocessOptions.DEFAULTS, BLOCKED);
            killed.kill();
            assertThat(killed.waitFor()).isEqualTo(-9);

            Subprocess terminated = exec(SubprocessOptions.DEFAULTS, BLOCKED);
            terminated.terminate();
            assertThat(terminated.waitFor()).isEqualTo(-15);
            return null;
        });
    }

    @Test
    void sendSignalDeliversAnySignalByName() {
        run(() -> {
            Subprocess p = exec(SubprocessOptions.builder().stdout(Stdio.PIPE).build(),
                    "sh", "-c", "echo sleeping; exec sleep 3600");
            assertThat(text(p.stdout().readline())).isEqualTo("sleeping\n");
            p.sendSignal("SIGHUP");
            assertThat(p.waitFor()).isEqualTo(-1);
            return null;
        });
    }

    @Test
    void aSignalSentByAnotherHandIsReportedAsTheJdkSeesIt() {
        run(() -> {
            Subprocess p = exec(SubprocessOptions.DEFAULTS, BLOCKED);
            ProcessHandle.of(p.pid()).orElseThrow().destroyForcibly();
            assertThat(p.waitFor()).isEqualTo(128 + 9);
            return null;
        });
    }

    @Test
    void signalsAfterTheEndAndUnknownSignalsAreRefused() {
        run(() -> {
            Subprocess p = exec(SubprocessOptions.DEFAULTS, "true");
            assertThatThrownBy(() -> p.sendSignal("NOSUCHSIGNAL"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Unknown signal");
            assertThat(p.waitFor()).isZero();
            assertThatThrownBy(p::kill).isInstanceOf(ProcessLookupError.class);
            assertThatThrownBy(() -> p.sendSignal("USR1")).isInstanceOf(ProcessLookupError.class);
            return null;
        });
    }

    @Test
    void cancellingWaitForLeavesTheChildRunning() {
        run(() -> {
            Subprocess p = exec(SubprocessOptions.DEFAULTS, BLOCKED);
            Task<Integer> waiting = Asyncio.createTask(p::waitFor);
            Asyncio.getRunningLoop().callSoon(waiting::cancel);
            assertThatThrownBy(waiting::await).isInstanceOf(CancelledError.class);

            assertThat(p.returncode()).isNull();
            assertThat(ProcessHandle.of(p.pid()).orElseThrow().isAlive()).isTrue();
            p.kill();
            assertThat(p.waitFor()).isEqualTo(-9);
            return null;
        });
    }

    @Test
    void cancellingCommunicateLeavesTheChildRunning() {
        run(() -> {
            Subprocess p = exec(SubprocessOptions.builder().stdout(Stdio.PIPE).build(), BLOCKED);
            Task<Subprocess.Output> talking = Asyncio.createTask(() -> p.communicate());
            Asyncio.sleep(0);
            talking.cancel();
            assertThatThrownBy(talking::await).isInstanceOf(CancelledError.class);

            assertThat(ProcessHandle.of(p.pid()).orElseThrow().isAlive()).isTrue();
            p.kill();
            assertThat(p.waitFor()).isEqualTo(-9);
            return null;
        });
    }

    @Test
    void cancellingTheStartKillsTheChildAndWaitsForIt() {
        long childrenBefore = ProcessHandle.current().children().count();
        run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Task<Subprocess> starting = Asyncio.createTask(() -> exec(PIPE_IN_OUT, BLOCKED));
            loop.callSoon(starting::cancel);
            assertThatThrownBy(starting::await).isInstanceOf(CancelledError.class);
            return null;
        });
        assertThat(ProcessHandle.current().children().count()).isEqualTo(childrenBefore);
    }

    @Test
    void aChildThatStopsReadingMakesDrainFailWithABrokenPipe() {
        run(() -> {
            Subprocess p = exec(SubprocessOptions.builder().stdin(Stdio.PIPE).build(),
                    "sh", "-c", "head -c 1 >/dev/null");
            p.stdin().write(new byte[4 << 20]);
            assertThatThrownBy(() -> p.stdin().drain())
                    .isInstanceOfAny(BrokenPipeError.class, ConnectionResetError.class);
            assertThat(p.waitFor()).isZero();
            return null;
        });
    }

    @Test
    void communicateIgnoresABrokenStdinPipe() {
        run(() -> {
            Subprocess p = exec(SubprocessOptions.builder().stdin(Stdio.PIPE).build(), "true");
            Subprocess.Output out = p.communicate(new byte[4 << 20]);
            assertThat(out.stdout()).isNull();
            assertThat(p.returncode()).isZero();
            return null;
        });
    }

    @Test
    void devnullAndEmptyInputReadAsEndOfFile() {
        run(() -> {
            Subprocess fromDevnull = exec(SubprocessOptions.builder().stdin(Stdio.DEVNULL).stdout(Stdio.PIPE).build(),
                    "wc", "-c");
            assertThat(text(fromDevnull.communicate().stdout()).trim()).isEqualTo("0");

            Subprocess empty = exec(PIPE_IN_OUT, "wc", "-c");
            assertThat(text(empty.communicate(new byte[0]).stdout()).trim()).isEqualTo("0");

            Subprocess toDevnull = exec(SubprocessOptions.builder().stdin(Stdio.PIPE).stdout(Stdio.DEVNULL)
                    .stderr(Stdio.DEVNULL).build(), "cat");
            Subprocess.Output out = toDevnull.communicate(bytes("abc"));
            assertThat(out.stdout()).isNull();
            assertThat(out.stderr()).isNull();
            assertThat(toDevnull.returncode()).isZero();
            return null;
        });
    }

    @Test
    void stdoutCanBeReadToTheEndAfterTheChildExited() {
        run(() -> {
            Subprocess p = exec(SubprocessOptions.builder().stdout(Stdio.PIPE).build(),
                    "sh", "-c", "head -c 262144 /dev/zero; exit 1");
            int total = 0;
            while (true) {
                byte[] chunk = p.stdout().read(65536);
                if (chunk.length == 0) break;
                total += chunk.length;
            }
            assertThat(total).isEqualTo(262144);
            assertThat(p.waitFor()).isEqualTo(1);
            return null;
        });
    }

    @Test
    void aReaderAboveItsLimitPausesThePipeUntilItIsRead() {
        run(() -> {
            Subprocess p = exec(SubprocessOptions.builder().stdout(Stdio.PIPE).limit(16).build(),
                    "head", "-c", "1000000", "/dev/zero");
            Transport pipe = p.transport().getPipeTransport(1);
            assertThat(p.stdout().read(1)).hasSize(1);
            assertThat(pipe.isReading()).isFalse();

            assertThat(p.stdout().read()).hasSize(999_999);
            assertThat(p.waitFor()).isZero();
            return null;
        });
    }

    @Test
    void manyChildrenCommunicateConcurrently() {
        List<String> outputs = run(() -> {
            List<Coroutine<String>> each = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String word = "foo" + i;
                each.add(() -> text(exec(SubprocessOptions.builder().stdout(Stdio.PIPE).build(), "echo", word)
                        .communicate().stdout()).trim());
            }
            @SuppressWarnings("unchecked")
            List<String> all = Asyncio.gather(each.toArray(new Coroutine[0]));
            return all;
        });
        assertThat(outputs).containsExactly("foo0", "foo1", "foo2", "foo3", "foo4", "foo5", "foo6", "foo7", "foo8", "foo9");
    }

    @Test
    void workingDirectoryAndEnvironmentAreTheChildsOwn() {
        run(() -> {
            SubprocessOptions o = SubprocessOptions.builder().stdout(Stdio.PIPE).cwd(Path.of("/"))
                    .env(Map.of("GREETING", "hello")).build();
            Subprocess p = exec(o, "/bin/sh", "-c", "pwd; echo \"$GREETING\"; echo \"[$HOME]\"");
            assertThat(text(p.communicate().stdout())).isEqualTo("/\nhello\n[]\n");
            return null;
        });
    }

    @Test
    void aProgramThatCannotStartFailsAtOnceNamingIt() {
        run(() -> {
            assertThatThrownBy(() -> Asyncio.createSubprocessExec("/nonexistent/program"))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("/nonexistent/program");
            return null;
        });
    }

    /** Records a subprocess protocol's callbacks as strings. */
    static final class Recorder implements SubprocessProtocol {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final Future<Void> lost;

        Recorder(EventLoop loop) {
            lost = loop.createFuture();
        }

        @Override
        public void connectionMade(BaseTransport transport) {
            events.add("made");
        }

        @Override
        public void pipeDataReceived(int fd, byte[] data) {
            events.add("data:" + fd + ":" + text(data));
        }

        @Override
        public void pipeConnectionLost(int fd, Exception error) {
            events.add("pipe-lost:" + fd + ":" + error);
        }

        @Override
        public void processExited() {
            events.add("exited");
        }

        @Override
        public void connectionLost(Exception error) {
            events.add("lost:" + error);
            lost.setResult(null);
        }
    }

    @Test
    void theLowLevelProtocolSeesMadeThenPipesAndExitThenLost() {
        run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            SubprocessConnection<Recorder> c = loop.subprocessExec(() -> new Recorder(loop),
                    List.of("sh", "-c", "echo hi; exit 3"));
            pids.add(c.transport().getPid());
            assertThat(c.protocol().events).containsExactly("made");
            assertThat(c.transport().getPipeTransport(0)).isNotNull();
            c.transport().getPipeTransport(0).close();
            c.protocol().lost.await();

            List<String> events = c.protocol().events;
            assertThat(events.get(0)).isEqualTo("made");
            assertThat(events.get(events.size() - 1)).isEqualTo("lost:null");
            assertThat(events).containsExactlyInAnyOrder("made", "data:1:hi\n", "pipe-lost:0:null",
                    "pipe-lost:1:null", "pipe-lost:2:null", "exited", "lost:null");
            assertThat(events.indexOf("data:1:hi\n")).isLessThan(events.indexOf("pipe-lost:1:null"));
            assertThat(c.transport().getReturncode()).isEqualTo(3);
            assertThat(c.transport().getExtraInfo("subprocess")).isInstanceOf(Process.class);
            c.transport().close();
            return null;
        });
    }

    @Test
    void closingTheTransportKillsARunningChild() {
        run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            SubprocessConnection<Recorder> c = loop.subprocessExec(() -> new Recorder(loop), List.of(BLOCKED));
            pids.add(c.transport().getPid());
            assertThat(c.transport().getReturncode()).isNull();
            c.transport().close();
            assertThat(c.transport().isClosing()).isTrue();
            c.protocol().lost.await();
            assertThat(c.transport().getReturncode()).isEqualTo(-9);
            return null;
        });
    }
}
