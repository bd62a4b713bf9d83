package jasyncio.bench;

/** A command line the runner cannot use; Main prints the message and the usage, and exits 2. */
final class UsageError extends RuntimeException {
    UsageError(String message) {
        super(message);
    }
}
