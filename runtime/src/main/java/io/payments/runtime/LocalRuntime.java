package io.payments.runtime;

import io.payments.runtime.kafka.LocalKafkaBroker;
import io.payments.runtime.postgres.LocalPostgres;
import io.payments.runtime.registry.SchemaRegistryServer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything the pipeline needs on one machine, without Docker: a real Kafka broker, the
 * embedded schema registry and a real PostgreSQL, with data under one directory
 * ({@code kafka/}, {@code postgres/}). Stopped in reverse order of start.
 */
public final class LocalRuntime implements AutoCloseable {

    /**
     * Where and on which ports to run; port 0 means any free port. {@code separateKafkaController}
     * runs Kafka's KRaft controller in a JVM of its own (see {@link LocalKafkaBroker#withSeparateController}).
     */
    public record Options(Path dataDir, int kafkaPort, int registryPort, int postgresPort, String externalPostgresUrl,
                          String externalPostgresUser, String externalPostgresPassword,
                          boolean separateKafkaController) {

        public static Options ephemeral(Path dataDir) {
            return new Options(dataDir, 0, 0, 0, null, null, null, false);
        }

        /** Fixed ports (0 for any free one), the rest as {@link #ephemeral}. */
        public static Options onPorts(Path dataDir, int kafkaPort, int registryPort, int postgresPort) {
            return new Options(dataDir, kafkaPort, registryPort, postgresPort, null, null, null, false);
        }

        /** The same options, with the KRaft controller in its own JVM, so that killing the broker leaves it running. */
        public Options withSeparateKafkaController() {
            return new Options(dataDir, kafkaPort, registryPort, postgresPort, externalPostgresUrl, externalPostgresUser,
                    externalPostgresPassword, true);
        }

        /** The same options, with an existing PostgreSQL named by {@code PAYMENTS_PG_URL} if that is set. */
        public Options withPostgresFromEnvironment() {
            String url = System.getenv("PAYMENTS_PG_URL");
            if (url == null || url.isBlank()) {
                return this;
            }
            return new Options(dataDir, kafkaPort, registryPort, postgresPort, url,
                    System.getenv().getOrDefault("PAYMENTS_PG_USER", "postgres"),
                    System.getenv().getOrDefault("PAYMENTS_PG_PASSWORD", ""), separateKafkaController);
        }
    }

    private final LocalKafkaBroker broker;
    private final LocalPostgres postgres;
    private SchemaRegistryServer registry;

    private final Path dataDir;

    private LocalRuntime(LocalKafkaBroker broker, LocalPostgres postgres, Path dataDir) {
        this.broker = broker;
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** Starts the broker, the registry and PostgreSQL; if one fails, stops what had started. */
    public static LocalRuntime start(Options options) {
        Path dataDir = options.dataDir().toAbsolutePath();
        LocalKafkaBroker broker = options.separateKafkaController()
                ? LocalKafkaBroker.withSeparateController(dataDir.resolve("kafka"), options.kafkaPort())
                : LocalKafkaBroker.at(dataDir.resolve("kafka"), options.kafkaPort());
        LocalPostgres postgres = options.externalPostgresUrl() == null
                ? LocalPostgres.embedded(dataDir.resolve("postgres"), options.postgresPort())
                : LocalPostgres.external(options.externalPostgresUrl(), options.externalPostgresUser(),
                        options.externalPostgresPassword());
        LocalRuntime runtime = new LocalRuntime(broker, postgres, dataDir);
        try {
            broker.start();
            runtime.registry = SchemaRegistryServer.start(broker.bootstrapServers(), SchemaRegistryServer.DEFAULT_TOPIC,
                    options.registryPort(), Map.of());
            postgres.start();
            return runtime;
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    public LocalKafkaBroker broker() {
        return broker;
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    /** The processor settings holding this data directory's secrets ({@link LocalSecrets}). */
    public Map<String, String> processorSecrets() {
        return LocalSecrets.of(dataDir);
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable part : new AutoCloseable[] {postgres, registry, broker}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Stopping the local runtime failed: " + e.getMessage(), e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
