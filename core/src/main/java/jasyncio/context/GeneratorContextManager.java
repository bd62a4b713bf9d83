package jasyncio.context;

import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;

import jasyncio.iter.AsyncGenerator;
import jasyncio.iter.StopAsyncIteration;

/**
 * The context manager of {@link AsyncContextManager#fromGenerator}: contextlib's
 * {@code _AsyncGeneratorContextManager}. Entering runs the generator to its yield; exiting resumes
 * it, or throws the block's exception into it.
 */
final class GeneratorContextManager<T> implements AsyncContextManager<T> {
    private final AsyncGenerator<T> gen;

    GeneratorContextManager(AsyncGenerator<T> gen) {
        this.gen = gen;
    }

    @Override
    public T enter() {
        try {
            return gen.anext();
        } catch (StopAsyncIteration end) {
            throw new IllegalStateException("generator didn't yield");
        }
    }

    @Override
    public boolean exit(Throwable error) {
        if (error == null) {
            try {
                gen.anext();
            } catch (StopAsyncIteration end) {
                return false;
            }
            try {
                throw new IllegalStateException("generator didn't stop");
            } finally {
                gen.aclose();
            }
        }
        try {
            gen.athrow(error);
        } catch (StopAsyncIteration end) {
            // The body caught the error and ended: suppress it, unless it was this very exception.
            return end != error;
        } catch (RuntimeException | Error e) {
            if (e == error || (e instanceof CompletionException && e.getCause() == error)) {
                return false; // the body let it through: the block's exception propagates as itself
            }
            if (error instanceof NoSuchElementException && e.getCause() == error) {
                return false; // PEP 479 wrapped the StopAsyncIteration we threw in: unwrap it
            }
            throw e;
        }
        try {
            throw new IllegalStateException("generator didn't stop after athrow()");
        } finally {
            gen.aclose();
        }
    }

    @Override
    public String toString() {
        return "<asynccontextmanager " + gen + ">";
    }
}
