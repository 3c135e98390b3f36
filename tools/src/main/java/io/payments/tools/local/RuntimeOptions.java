package io.payments.tools.local;

import io.payments.runtime.LocalRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the local runtime keeps its data and which ports it listens on; mixed into {@code local} and {@code demo}. */
public final class RuntimeOptions {

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "Directory for the broker's log, PostgreSQL's data and the logs (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka broker port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int registryPort;

    @Option(names = "--postgres-port", defaultValue = "15432",
            description = "PostgreSQL port (default: ${DEFAULT-VALUE}; 0 = any free port). Ignored when PAYMENTS_PG_URL names an existing server.")
    int postgresPort;

    /**
     * The data directory as an absolute path, created if absent.
     *
     * @throws IllegalStateException when it cannot be created or written, naming the fix
     */
    public Path dataDirectory() {
        Path absolute = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the data dir " + absolute + " (" + e.getClass().getSimpleName()
                    + "): choose a writable directory with --data-dir");
        }
        if (!Files.isWritable(absolute)) {
            throw new IllegalStateException("The data dir " + absolute
                    + " is not writable: fix its permissions or choose another with --data-dir");
        }
        return absolute;
    }

    /** The runtime's options on {@code dir} (from {@link #dataDirectory()}) and these ports; PostgreSQL from PAYMENTS_PG_URL if set. */
    public LocalRuntime.Options on(Path dir) {
        return LocalRuntime.Options.onPorts(dir, kafkaPort, registryPort, postgresPort).withPostgresFromEnvironment();
    }
}
