package jasyncio.net;

import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.Map;

/**
 * How a child process is started: the keyword arguments of asyncio's
 * {@code create_subprocess_exec} and {@code loop.subprocess_exec}. An immutable value; make one
 * with {@link #builder()}.
 *
 * <pre>{@code
 * var options = SubprocessOptions.builder().stdin(Stdio.PIPE).stdout(Stdio.PIPE).stderr(Stdio.STDOUT).build();
 * Subprocess proc = Asyncio.createSubprocessExec(options, "cat");
 * }</pre>
 *
 * @param stdin          where the child reads from: {@link Redirect#PIPE}, {@link Redirect#INHERIT}
 *                       or a file ({@link Redirect#from(java.io.File)})
 * @param stdout         where the child writes: {@link Redirect#PIPE}, {@link Redirect#INHERIT},
 *                       {@link Redirect#DISCARD} or a file
 * @param stderr         like {@code stdout}; ignored if {@code stderrToStdout}
 * @param stderrToStdout stderr goes where stdout goes ({@code stderr=STDOUT})
 * @param cwd            the child's working directory, or null for this process's
 * @param env            the child's whole environment, or null to inherit this process's
 * @param limit          the line limit of the {@link StreamReader}s of {@link Subprocess}
 *                       (default {@link StreamReader#DEFAULT_LIMIT}); unused by the low-level API
 */
public record SubprocessOptions(Redirect stdin, Redirect stdout, Redirect stderr, boolean stderrToStdout, Path cwd,
                                Map<String, String> env, int limit) {
    /** Every stream inherited, as {@code asyncio.create_subprocess_exec} defaults. */
    public static final SubprocessOptions DEFAULTS = new SubprocessOptions(Redirect.INHERIT, Redirect.INHERIT,
            Redirect.INHERIT, false, null, null, StreamReader.DEFAULT_LIMIT);

    /** Every stream a pipe, as {@code loop.subprocess_exec} defaults. */
    public static final SubprocessOptions PIPES = new SubprocessOptions(Redirect.PIPE, Redirect.PIPE,
            Redirect.PIPE, false, null, null, StreamReader.DEFAULT_LIMIT);

    /**
     * @throws IllegalArgumentException if {@code stdin} writes, {@code stdout} or {@code stderr}
     *                                  reads, or {@code limit <= 0}
     */
    public SubprocessOptions {
        if (stdin == null || stdout == null || stderr == null) throw new NullPointerException("a redirect is null");
        if (stdin.type() == Redirect.Type.WRITE || stdin.type() == Redirect.Type.APPEND) {
            throw new IllegalArgumentException("stdin must be read from, got " + stdin);
        }
        if (stdout.type() == Redirect.Type.READ) throw new IllegalArgumentException("stdout cannot read " + stdout);
        if (stderr.type() == Redirect.Type.READ) throw new IllegalArgumentException("stderr cannot read " + stderr);
        if (limit <= 0) throw new IllegalArgumentException("Limit cannot be <= 0");
        env = env == null ? null : Map.copyOf(env);
    }

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link SubprocessOptions}; not thread-safe. */
    public static final class Builder {
        private Redirect stdin;
        private Redirect stdout;
        private Redirect stderr;
        private boolean stderrToStdout;
        private Path cwd;
        private Map<String, String> env;
        private int limit;

        private Builder(SubprocessOptions from) {
            stdin = from.stdin;
            stdout = from.stdout;
            stderr = from.stderr;
            stderrToStdout = from.stderrToStdout;
            cwd = from.cwd;
            env = from.env;
            limit = from.limit;
        }

        /**
         * @throws IllegalArgumentException for {@link Stdio#STDOUT}
         */
        public Builder stdin(Stdio where) {
            if (where == Stdio.STDOUT) throw new IllegalArgumentException("STDOUT is only for stderr");
            stdin = where == Stdio.DEVNULL ? Redirect.from(Redirect.DISCARD.file()) : output(where);
            return this;
        }

        /** See {@link SubprocessOptions#stdin()}. */
        public Builder stdin(Redirect where) {
            stdin = where;
            return this;
        }

        /**
         * @throws IllegalArgumentException for {@link Stdio#STDOUT}
         */
        public Builder stdout(Stdio where) {
            if (where == Stdio.STDOUT) throw new IllegalArgumentException("STDOUT is only for stderr");
            stdout = output(where);
            return this;
        }

        /** See {@link SubprocessOptions#stdout()}. */
        public Builder stdout(Redirect where) {
            stdout = where;
            return this;
        }

        /** {@link Stdio#STDOUT} sends stderr where stdout goes. */
        public Builder stderr(Stdio where) {
            stderrToStdout = where == Stdio.STDOUT;
            if (!stderrToStdout) stderr = output(where);
            return this;
        }

        /** See {@link SubprocessOptions#stderr()}. */
        public Builder stderr(Redirect where) {
            stderr = where;
            stderrToStdout = false;
            return this;
        }

        /** See {@link SubprocessOptions#cwd()}. */
        public Builder cwd(Path dir) {
            cwd = dir;
            return this;
        }

        /** See {@link SubprocessOptions#env()}. */
        public Builder env(Map<String, String> environment) {
            env = environment;
            return this;
        }

        /** See {@link SubprocessOptions#limit()}. */
        public Builder limit(int bytes) {
            limit = bytes;
            return this;
        }

        public SubprocessOptions build() {
            return new SubprocessOptions(stdin, stdout, stderr, stderrToStdout, cwd, env, limit);
        }

        private static Redirect output(Stdio where) {
            return switch (where) {
                case PIPE -> Redirect.PIPE;
                case INHERIT -> Redirect.INHERIT;
                case DEVNULL -> Redirect.DISCARD;
                case STDOUT -> throw new AssertionError("handled by the caller");
            };
        }
    }
}
