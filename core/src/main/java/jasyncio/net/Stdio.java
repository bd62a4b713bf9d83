package jasyncio.net;

/**
 * Where a child process's standard stream goes ({@code asyncio.subprocess.PIPE}, {@code DEVNULL},
 * {@code STDOUT}, and {@code None} for {@link #INHERIT}); see {@link SubprocessOptions}. Files
 * are given as {@link ProcessBuilder.Redirect}s instead.
 */
public enum Stdio {
    /** A pipe to this process: a {@link StreamWriter} for stdin, a {@link StreamReader} for the others. */
    PIPE,
    /** The null device: reading gives EOF at once, writes vanish. */
    DEVNULL,
    /** This process's own stream (asyncio's default, {@code None}). */
    INHERIT,
    /** For stderr only: into the same place as stdout. */
    STDOUT
}
