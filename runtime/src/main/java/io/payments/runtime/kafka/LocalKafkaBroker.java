package io.payments.runtime.kafka;

import io.payments.runtime.ChildJvm;
import io.payments.runtime.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
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
 * A real Apache Kafka broker in KRaft mode running as a child JVM from the project's own
 * dependencies, with its data under one directory. The ports are chosen on first start and kept
 * in the directory's server.properties, so the broker can be stopped, killed and started again on
 * the same log.
 *
 * <p>By default one JVM is both broker and controller. {@link #withSeparateController} runs the
 * KRaft controller in a JVM of its own, as production clusters do, so that {@link #kill()} crashes
 * the broker alone and the controller fences it ({@link #awaitFenced}) before it comes back. With
 * one combined node the controller dies with the broker and fences it only after the restart,
 * while the restarted broker already acts on its old leadership. Kafka 4.4.0 can then complete a
 * transaction without writing its markers: its transaction coordinator, finding the partitions
 * without a leader after the fence, skips them as if deleted (BENCHMARKS.md, "Chaos").
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final int BROKER_ID = 1;
    private static final int CONTROLLER_ID = 2;
    /** What the KRaft controller logs when it fences this broker for a lapsed session. */
    private static final String FENCE_LOG_LINE = "Fencing broker " + BROKER_ID + " at epoch";

    private final Path dataDir;
    private final Map<String, String> extraConfig;
    private final List<String> jvmOptions;
    private final int port;
    private final int controllerPort;
    private final int saslSslPort;
    private final boolean separateController;
    private Process process;
    private Process controller;
    private volatile long fencesBeforeKill;

    private LocalKafkaBroker(Path dataDir, int port, int saslSslPort, Map<String, String> extraConfig,
                             List<String> jvmOptions, boolean separateController) {
        this.dataDir = dataDir.toAbsolutePath();
        this.separateController = separateController;
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
        return new LocalKafkaBroker(dataDir, port, 0, Map.of(), List.of("-Xms256m", "-Xmx1g"), false);
    }

    /** A broker on the given port with its KRaft controller in a second JVM; not started yet. */
    public static LocalKafkaBroker withSeparateController(Path dataDir, int port) {
        return new LocalKafkaBroker(dataDir, port, 0, Map.of(), List.of("-Xms256m", "-Xmx1g"), true);
    }

    /** The same, with extra server.properties entries and JVM options. */
    public static LocalKafkaBroker at(Path dataDir, int port, Map<String, String> extraConfig, List<String> jvmOptions) {
        return new LocalKafkaBroker(dataDir, port, 0, extraConfig, jvmOptions, false);
    }

    /**
     * A broker with a second listener, named {@code SECURE}, speaking SASL_SSL on its own port;
     * the plaintext listener stays for the broker itself and for setting it up (SCRAM users).
     * {@code securityConfig} holds the listener's keystore and SASL settings
     * ({@code listener.name.secure.…}, {@code sasl.enabled.mechanisms}, …).
     */
    public static LocalKafkaBroker withSaslSslListener(Path dataDir, int saslSslPort, Map<String, String> securityConfig) {
        return new LocalKafkaBroker(dataDir, 0, saslSslPort, securityConfig, List.of("-Xms256m", "-Xmx1g"), false);
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

    private Path controllerLogFile() {
        return dataDir.resolve("controller.log");
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
            if (separateController && (controller == null || !controller.isAlive())) {
                controller = launch(List.of(controllerProperties().toString()), controllerLog4j(), controllerLogFile(),
                        List.of("-Xms128m", "-Xmx512m"));
            }
            process = launch(List.of(serverProperties().toString()), dataDir.resolve("log4j2.xml"), logFile(), jvmOptions);
            awaitReady();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Kafka broker in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Stops the broker (then its separate controller) with SIGTERM, a clean shutdown, or SIGKILL after 30 s. */
    public synchronized void stop() {
        stop(process);
        process = null;
        stop(controller);
        controller = null;
    }

    private static void stop(Process jvm) {
        if (jvm == null) {
            return;
        }
        jvm.destroy();
        try {
            if (!jvm.waitFor(30, TimeUnit.SECONDS)) {
                jvm.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            jvm.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until the separate controller has fenced the killed broker (its session timed out),
     * so that the broker restarts without any leadership, and regains it only once unfenced. The
     * controller's log says so: the Admin API, asked through the controllers, describes the
     * controllers rather than the brokers.
     */
    public void awaitFenced(Duration timeout) {
        if (!separateController) {
            throw new IllegalStateException("only a separate controller can fence the broker while it is down");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (fencesLogged() <= fencesBeforeKill) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The controller did not fence the killed broker within "
                            + timeout.toSeconds() + " s; last lines of " + controllerLogFile() + ":\n"
                            + ChildJvm.tail(controllerLogFile(), 20));
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the controller to fence the broker", e);
        }
    }

    private long fencesLogged() {
        try (var lines = Files.lines(controllerLogFile())) {
            return lines.filter(line -> line.contains(FENCE_LOG_LINE)).count();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + controllerLogFile(), e);
        }
    }

    /** Kills the broker (not its separate controller) with SIGKILL, as a crash would. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        if (separateController) {
            fencesBeforeKill = fencesLogged();
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

    private Path controllerProperties() {
        return dataDir.resolve("controller.properties");
    }

    private Path controllerLog4j() {
        return dataDir.resolve("log4j2-controller.xml");
    }

    private void writeConfig() throws IOException {
        String voter = (separateController ? CONTROLLER_ID : BROKER_ID) + "@127.0.0.1:" + controllerPort;
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", separateController ? "broker" : "broker,controller");
        config.put("node.id", Integer.toString(BROKER_ID));
        config.put("controller.quorum.voters", voter);
        String secure = saslSslPort == 0 ? "" : ",SECURE://127.0.0.1:" + saslSslPort;
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port
                + (separateController ? "" : ",CONTROLLER://127.0.0.1:" + controllerPort) + secure);
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
        store(config, serverProperties(), "Generated by payments: local KRaft broker");
        writeLog4j(dataDir.resolve("log4j2.xml"), logFile());
        if (separateController) {
            Map<String, String> controllerConfig = new LinkedHashMap<>();
            controllerConfig.put("process.roles", "controller");
            controllerConfig.put("node.id", Integer.toString(CONTROLLER_ID));
            controllerConfig.put("controller.quorum.voters", voter);
            controllerConfig.put("listeners", "CONTROLLER://127.0.0.1:" + controllerPort);
            controllerConfig.put("controller.listener.names", "CONTROLLER");
            controllerConfig.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT");
            controllerConfig.put("log.dirs", dataDir.resolve("controller-log").toString());
            store(controllerConfig, controllerProperties(), "Generated by payments: the local broker's KRaft controller");
            writeLog4j(controllerLog4j(), controllerLogFile());
        }
    }

    private static void store(Map<String, String> config, Path file, String comment) throws IOException {
        Properties properties = new Properties();
        properties.putAll(config);
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, comment);
        }
    }

    /** The broker's log4j2 configuration (a resource next to this class), logging to {@code logFile}. */
    private static void writeLog4j(Path file, Path logFile) throws IOException {
        try (InputStream template = LocalKafkaBroker.class.getResourceAsStream("broker-log4j2.xml")) {
            Files.writeString(file, new String(template.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@LOG_FILE@", logFile.toString()));
        }
    }

    private void format() throws IOException {
        String clusterId = Uuid.randomUuid().toString();
        format(clusterId, serverProperties());
        if (separateController) {
            format(clusterId, controllerProperties());
        }
    }

    private void format(String clusterId, Path properties) throws IOException {
        Process formatting = launch(List.of("format", "--cluster-id", clusterId, "--config", properties.toString()),
                dataDir.resolve("log4j2.xml"), logFile(), jvmOptions);
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

    private Process launch(List<String> kafkaArgs, Path log4j, Path log, List<String> jvm) throws IOException {
        List<String> options = new ArrayList<>(jvm);
        options.add("-Dlog4j2.configurationFile=" + log4j);
        options.add("-Dkafka.logs.dir=" + dataDir);
        options.add("-Djava.awt.headless=true");
        return ChildJvm.start(options, BrokerMain.class, kafkaArgs, log);
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
