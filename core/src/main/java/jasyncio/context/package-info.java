/**
 * Async context managers: {@link jasyncio.context.AsyncContextManager} ({@code async with}, whose
 * exit sees the block's exception and may suppress it), built directly, from a setup/teardown
 * pair, or from an async generator body ({@code @asynccontextmanager}), and
 * {@link jasyncio.context.AsyncExitStack}.
 *
 * <p>{@code async with cm as x: ...} is {@code with(cm, x -> { ... })} (or {@code withResult} for
 * a block with a value). Where the teardown does not need to see the block's exception, plain
 * try-with-resources is the Java form. When a teardown throws while another exception propagates,
 * the later exception wins, as in Python, and the earlier is attached to it as a suppressed
 * exception (Python's {@code __context__}). Python's {@code RuntimeError} is
 * {@link java.lang.IllegalStateException}.
 */
package jasyncio.context;
