package io.payments.testkit;

import io.payments.runtime.LocalRuntime;
import io.payments.runtime.TemporaryDirectory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests a {@link TestRuntime}: one real broker, registry and PostgreSQL shared
 * by the whole test run (started on first use, stopped when the run ends), and names of their
 * own (topic prefix, database) for each test, so tests neither wait for nor see each other.
 * Set PAYMENTS_PG_URL to run against an existing PostgreSQL instead of the embedded one.
 */
public final class LocalRuntimeExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalRuntimeExtension.class);
    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestRuntime.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        SharedRuntime shared = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedRuntime.class, key -> SharedRuntime.start(), SharedRuntime.class);
        return new TestRuntime(shared.runtime(), "t" + NEXT_ID.incrementAndGet());
    }

    /** The run-wide runtime in its temporary directory; JUnit closes both when the root context closes. */
    record SharedRuntime(TemporaryDirectory dir, LocalRuntime runtime) implements AutoCloseable {

        static SharedRuntime start() {
            TemporaryDirectory dir = TemporaryDirectory.create("payments-it-");
            return new SharedRuntime(dir,
                    LocalRuntime.start(LocalRuntime.Options.ephemeral(dir.path()).withPostgresFromEnvironment()));
        }

        @Override
        public void close() {
            try (dir) {
                runtime.close();
            }
        }
    }
}
