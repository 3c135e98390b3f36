package io.payments.testkit;

import io.payments.runtime.LocalRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
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
        return new TestRuntime(shared.runtime, "t" + NEXT_ID.incrementAndGet());
    }

    /** The run-wide runtime; JUnit closes it when the root context closes. */
    static final class SharedRuntime implements AutoCloseable {
        private final Path dataDir;
        private final LocalRuntime runtime;

        private SharedRuntime(Path dataDir, LocalRuntime runtime) {
            this.dataDir = dataDir;
            this.runtime = runtime;
        }

        static SharedRuntime start() {
            try {
                Path dataDir = Files.createTempDirectory("payments-it-");
                return new SharedRuntime(dataDir,
                        LocalRuntime.start(LocalRuntime.Options.ephemeral(dataDir).withPostgresFromEnvironment()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                runtime.close();
            } finally {
                try (Stream<Path> files = Files.walk(dataDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }
}
