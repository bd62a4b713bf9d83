package jasyncio.examples;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue of seed examples ({@code examples/python/*.py}, in seed order) and the rule
 * that names their Java twins: {@code s000_04_await_coroutine.py} is
 * {@code jasyncio.examples.S000_04AwaitCoroutine} (the seed and number kept, the rest in
 * CamelCase). An example whose twin class does not exist yet has no twin.
 */
public final class Examples {
    private Examples() {}

    /** Every seed example's name (the .py file without extension), in seed order. */
    public static final List<String> SEED_ORDER = List.of(
            "s000_01_event_loop_skeleton",
            "s000_02_run_until_complete",
            "s000_03_await_sleep",
            "s000_04_await_coroutine",
            "s000_05_await_coroutine_twice",
            "s000_06_ensure_future_tasks",
            "s000_07_wait_timeout",
            "s000_08_run_wait_timeout",
            "s000_09_future_never_set",
            "s000_10_future_set_after",
            "s000_11_thread_pool_submit",
            "s000_12_run_in_executor_pools",
            "s000_13_requests_in_executor",
            "s000_14_async_iterator",
            "s000_15_async_context_manager",
            "s000_16_aioredis",
            "s000_17_aiomysql",
            "s000_18_aiomysql_multi",
            "s000_19_fastapi_aioredis",
            "s000_20_aiohttp_crawler",
            "s002_01_await_sleep",
            "s002_02_await_coroutine",
            "s002_03_await_coroutine_twice",
            "s002_04_create_task",
            "s002_05_wait_task_list",
            "s002_06_run_wait_coroutines",
            "s002_07_future_never_set",
            "s002_08_future_set_after",
            "s002_09_thread_pool_submit",
            "s002_10_run_in_executor",
            "s003_01_plain_functions",
            "s003_02_greenlet_switch",
            "s003_03_yield_from",
            "s003_04_generator_coroutine",
            "s003_05_async_await_tasks",
            "s003_06_requests_sync_download",
            "s003_07_aiohttp_download",
            "s003_08_event_loop_skeleton",
            "s003_09_coroutine_object",
            "s003_10_run_hello_world",
            "s003_11_await_sleep",
            "s003_12_await_coroutine",
            "s003_13_await_coroutine_twice",
            "s003_14_create_task",
            "s003_15_wait_named_tasks",
            "s003_16_run_wait_coroutines",
            "s003_17_future_never_set",
            "s003_18_future_set_after",
            "s003_19_thread_pool_submit",
            "s003_20_run_in_executor",
            "s003_21_requests_in_executor",
            "s003_22_async_iterator",
            "s003_23_async_context_manager",
            "s003_24_uvloop_policy",
            "s004_01_regular_double",
            "s004_02_async_double",
            "s004_03_run_until_complete_close",
            "s004_04_coroutine_return_value",
            "s004_05_coroutine_calls_coroutine",
            "s004_06_call_soon",
            "s004_07_call_later",
            "s004_08_call_at",
            "s004_09_future_call_soon_result",
            "s004_10_future_await",
            "s004_11_task_cancel",
            "s004_12_wait_timeout_cancel",
            "s004_13_gather",
            "s004_14_shield_gather"
    );

    /**
     * Examples from the asyncio documentation rather than the seeds ({@code examples/python/asyncio_docs_*.py}),
     * with their twins' class names. They have golden files like the seed examples.
     */
    public static final Map<String, String> DOCS_TWINS = Map.of(
            "asyncio_docs_tcp_echo_protocol", "jasyncio.examples.TcpEchoProtocols");

    /** Examples that wait forever by design (they await a Future nobody completes), as in Python. */
    public static final Set<String> HANGING = Set.of(
            "s000_09_future_never_set",
            "s002_07_future_never_set",
            "s003_17_future_never_set");

    /** The twin's class name: {@code s000_04_await_coroutine} → {@code jasyncio.examples.S000_04AwaitCoroutine}. */
    public static String className(String name) {
        String docs = DOCS_TWINS.get(name);
        if (docs != null) return docs;
        String[] parts = name.split("_");
        if (parts.length < 3 || !parts[0].matches("s\\d{3}") || !parts[1].matches("\\d{2}")) {
            throw new IllegalArgumentException("not a seed example name (sNNN_NN_words): " + name);
        }
        StringBuilder b = new StringBuilder("jasyncio.examples.S").append(parts[0].substring(1))
                .append('_').append(parts[1]);
        for (int i = 2; i < parts.length; i++) {
            b.append(parts[i].substring(0, 1).toUpperCase(Locale.ROOT)).append(parts[i].substring(1));
        }
        return b.toString();
    }

    /** The twin class of example {@code name}, if it has one. */
    public static Optional<Class<?>> twin(String name) {
        try {
            return Optional.of(Class.forName(className(name), false, Examples.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The examples that have a twin, in seed order. */
    public static List<String> withTwins() {
        return SEED_ORDER.stream().filter(n -> twin(n).isPresent()).toList();
    }

    /**
     * Runs the twin's {@code main(args)} in the calling thread; its exceptions propagate as
     * themselves.
     *
     * @throws IllegalArgumentException if the example has no twin
     */
    public static void runMain(String name, String... args) throws Throwable {
        Class<?> cls = twin(name).orElseThrow(() -> new IllegalArgumentException("no Java twin for " + name));
        MethodHandle main = MethodHandles.publicLookup()
                .findStatic(cls, "main", MethodType.methodType(void.class, String[].class));
        main.invoke(args);
    }

    /**
     * The examples a command-line word names: an exact name, a prefix such as {@code s000_04}
     * or {@code s004}, or a twin's simple class name.
     */
    public static List<String> matching(String word) {
        List<String> out = new ArrayList<>();
        for (String n : SEED_ORDER) {
            if (n.equals(word) || n.startsWith(word.endsWith("_") ? word : word + "_")
                    || className(n).endsWith("." + word)) {
                out.add(n);
            }
        }
        return out;
    }
}
