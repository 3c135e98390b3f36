package io.payments.runtime.kafka;

import io.payments.runtime.ChildJvm;
import io.payments.runtime.Ports;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller, one node) running as
 * a child JVM from the project's own dependencies, with its data under one directory. The ports
 * are chosen on first start and kept in the directory's server.properties, so the broker can be
 * stopped, killed and started again on the same log.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dataDir;
    private final Map<String, String> extraConfig;
    private final List<String> jvmOptions;
    private final int port;
    private final int controllerPort;
    private final int saslSslPort;
    private Process process;

    private LocalKafkaBroker(Path dataDir, int port, int saslSslPort, Map<String, String> extraConfig,
                             List<String> jvmOptions) {
        this.dataDir = dataDir.toAbsolutePath();
        this.extraConfig = Map.copyOf(extraConfig);
        this.jvmOptions = List.copyOf(jvmOptions);
        Properties existing = readProperties(serverProperties());
        if (existing != null) {
            this.port = Integer.parseInt(existing.getProperty("payments.port"));
            this.controllerPort = Integer.parseInt(existing.getProperty("payments.controller.port"));
            this.saslSslPort = Integer.parseInt(existing.getProperty("payments.sasl.ssl.port", "0"));
        } else {
            this.port = port == 0 ? Ports.free() : port;
            this.controllerPort = Ports.free();
            this.saslSslPort = saslSslPort;
        }
    }

    /** A broker on the given port (0 for any free one) with data under dataDir; not started yet. */
    public static LocalKafkaBroker at(Path dataDir, int port) {
        return new LocalKafkaBroker(dataDir, port, 0, Map.of(), List.of("-Xms256m", "-Xmx1g"));
    }

    /** The same, with extra server.properties entries and JVM options. */
    public static LocalKafkaBroker at(Path dataDir, int port, Map<String, String> extraConfig, List<String> jvmOptions) {
        return new LocalKafkaBroker(dataDir, port, 0, extraConfig, jvmOptions);
    }

    /**
     * A broker with a second listener, named {@code SECURE}, speaking SASL_SSL on its own port;
     * the plaintext listener stays for the broker itself and for setting it up (SCRAM users).
     * {@code securityConfig} holds the listener's keystore and SASL settings
     * ({@code listener.name.secure.…}, {@code sasl.enabled.mechanisms}, …).
     */
    public static LocalKafkaBroker withSaslSslListener(Path dataDir, int saslSslPort, Map<String, String> securityConfig) {
        return new LocalKafkaBroker(dataDir, 0, saslSslPort, securityConfig, List.of("-Xms256m", "-Xmx1g"));
    }

    /** The SASL_SSL listener's address (only with {@link #withSaslSslListener}). */
    public String saslSslBootstrapServers() {
        if (saslSslPort == 0) {
            throw new IllegalStateException("this broker has no SASL_SSL listener");
        }
        return "127.0.0.1:" + saslSslPort;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return dataDir.resolve("broker.log");
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("broker not started");
        }
        return process.pid();
    }

    /** Formats the storage on first start, starts the broker and waits until it answers an Admin call. */
    public synchronized LocalKafkaBroker start() {
        if (isRunning()) {
            return this;
        }
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(dataDir.resolve("log").resolve("meta.properties"))) {
                Ports.requireFree(port, "the Kafka broker", "the Kafka port setting");
                writeConfig();
                format();
            } else {
                Ports.requireFree(port, "the Kafka broker", "the Kafka port setting");
            }
            process = launch(List.of(serverProperties().toString()));
            awaitReady();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Kafka broker in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Stops the broker with SIGTERM (a clean shutdown), or SIGKILL after 30 s. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Kills the broker with SIGKILL, as a crash would. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    private Path serverProperties() {
        return dataDir.resolve("server.properties");
    }

    private void writeConfig() throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String secure = saslSslPort == 0 ? "" : ",SECURE://127.0.0.1:" + saslSslPort;
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort + secure);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + secure);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
                + (saslSslPort == 0 ? "" : ",SECURE:SASL_SSL"));
        config.put("log.dirs", dataDir.resolve("log").toString());
        config.put("auto.create.topics.enable", "false");
        config.put("num.partitions", "1");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "6");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "6");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.putAll(extraConfig);
        config.put("payments.port", Integer.toString(port));
        config.put("payments.controller.port", Integer.toString(controllerPort));
        config.put("payments.sasl.ssl.port", Integer.toString(saslSslPort));
        Properties properties = new Properties();
        properties.putAll(config);
        try (Writer out = Files.newBufferedWriter(serverProperties())) {
            properties.store(out, "Generated by payments: local single-node KRaft broker");
        }
        Files.writeString(dataDir.resolve("log4j2.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <Configuration status="warn">
                  <Appenders>
                    <File name="file" fileName="%s">
                      <PatternLayout pattern="[%%d] %%p %%m (%%c)%%n"/>
                    </File>
                  </Appenders>
                  <Loggers>
                    <Logger name="kafka.request.logger" level="warn"/>
                    <Logger name="state.change.logger" level="warn"/>
                    <Logger name="kafka.log.LogCleaner" level="warn"/>
                    <Root level="info"><AppenderRef ref="file"/></Root>
                  </Loggers>
                </Configuration>
                """.formatted(logFile()));
    }

    private void format() throws IOException {
        Process formatting = launch(List.of("format", "--cluster-id", Uuid.randomUuid().toString(),
                "--config", serverProperties().toString()));
        try {
            if (!formatting.waitFor(60, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
                formatting.destroyForcibly();
                throw new IllegalStateException("Formatting the Kafka storage in " + dataDir + " failed:\n"
                        + ChildJvm.tail(logFile(), 20));
            }
        } catch (InterruptedException e) {
            formatting.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while formatting Kafka storage", e);
        }
    }

    private Process launch(List<String> kafkaArgs) throws IOException {
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.xml"));
        options.add("-Dkafka.logs.dir=" + dataDir);
        options.add("-Djava.awt.headless=true");
        return ChildJvm.start(options, BrokerMain.class, kafkaArgs, logFile());
    }

    private void awaitReady() {
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(adminConfig)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The Kafka broker exited with code " + process.exitValue()
                            + " while starting; last lines of " + logFile() + ":\n" + ChildJvm.tail(logFile(), 20));
                }
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    if (notYet instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted while waiting for the Kafka broker");
                    }
                }
                if (System.nanoTime() > deadline) {
                    kill();
                    throw new IllegalStateException("The Kafka broker did not answer within " + READY_TIMEOUT.toSeconds()
                            + " s; last lines of " + logFile() + ":\n" + ChildJvm.tail(logFile(), 20));
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
        }
    }

    private static Properties readProperties(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
