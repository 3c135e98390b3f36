package io.payments.app.demo;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.payments.app.metrics.MetricsServer;
import io.payments.app.cli.VerboseOption;
import io.payments.app.local.DataDirectory;
import io.payments.processor.ProcessorService;
import io.payments.processor.config.ProcessorConfig;
import io.payments.producer.client.TransferClient;
import io.payments.producer.load.LoadGenerator;
import io.payments.runtime.LocalRuntime;
import io.payments.runtime.LocalSecrets;
import io.payments.schemas.config.Settings;
import io.payments.schemas.registry.HttpSchemaRegistryClient;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.sink.config.SinkConfig;
import io.payments.sink.consumer.SinkService;
import io.payments.sink.postgres.CatchUp;
import io.payments.sink.postgres.Database;
import io.payments.schemas.topics.Topics;
import java.sql.Connection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code payments demo}: the whole pipeline on this machine — broker, registry, PostgreSQL,
 * processor, sink and a load — with a live status view, then a report from PostgreSQL.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the whole pipeline here: starts a real Kafka broker, the schema registry and PostgreSQL, "
                + "the processor and the sink, opens and funds accounts, sends transfers (with some retries and "
                + "requests the ledger must refuse), shows the progress, waits until PostgreSQL has everything and "
                + "prints a report. A second run on the same data dir continues on the same ledger."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--transfers", defaultValue = "200000", description = "Transfers to send (default: ${DEFAULT-VALUE}).")
    long transfers;

    @Option(names = "--accounts", defaultValue = "10000", description = "Customer accounts (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--rate", defaultValue = "0", description = "Transfers per second; 0 = as fast as it goes (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--skew", defaultValue = "UNIFORM", description = "Account choice: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    LoadGenerator.Skew skew;

    @Option(names = "--duplicates", defaultValue = "0.01", description = "Share of retries sent (default: ${DEFAULT-VALUE}).")
    double duplicates;

    @Option(names = "--invalid", defaultValue = "0.01", description = "Share of transfers the ledger must refuse (default: ${DEFAULT-VALUE}).")
    double invalid;

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR", description = "Where everything keeps its data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--keep-running", description = "Leave everything running after the report, until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry port (default: ${DEFAULT-VALUE}; 0 = any).")
    int registryPort;

    @Option(names = "--postgres-port", defaultValue = "15432", description = "PostgreSQL port (default: ${DEFAULT-VALUE}; 0 = any).")
    int postgresPort;

    @Option(names = "--http-port", defaultValue = "8082", description = "Processor's balance API port (default: ${DEFAULT-VALUE}; 0 = off).")
    int httpPort;

    @Option(names = "--metrics-port", defaultValue = "9400", description = "Prometheus /metrics and /health port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int metricsPort;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = DataDirectory.prepare(dataDir);
        int run = nextRun(dir);
        Thread stopOnCtrlC = new Thread(() -> stopAll(out), "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
        long started = System.nanoTime();
        out.printf("Starting Kafka, the schema registry and PostgreSQL in %s (run %d) …%n", dir, run);
        out.flush();
        LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Options.onPorts(dir, kafkaPort, registryPort, postgresPort)
                .withPostgresFromEnvironment());
        running.push(runtime);
        Map<String, String> common = new HashMap<>(Map.of("bootstrap.servers", runtime.bootstrapServers(),
                "schema.registry.url", runtime.registryUrl()));
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers()))) {
            Topics topics = io.payments.schemas.config.CommonSettings.from(Settings.of(common)).topics();
            topics.ensureCreated(admin);
            topics.useBrokerTimestamps(admin);
        }
        out.println("Starting the processor and the sink …");
        out.flush();
        Map<String, String> processorSettings = new HashMap<>(common);
        processorSettings.putAll(runtime.processorSecrets());
        processorSettings.put("processor.state.dir", dir.resolve("processor").toString());
        processorSettings.put("processor.http.port", Integer.toString(httpPort));
        processorSettings.put("processor.threads", "2");
        PrometheusMeterRegistry meters = MetricsServer.registry();
        ProcessorService processor = ProcessorService.start(ProcessorConfig.from(Settings.of(processorSettings)), meters);
        running.push(processor);
        Map<String, String> sinkSettings = new HashMap<>(common);
        sinkSettings.put("sink.postgres.url", runtime.postgres().jdbcUrl());
        sinkSettings.put("sink.postgres.user", runtime.postgres().user());
        sinkSettings.put("sink.postgres.password", runtime.postgres().password());
        SinkConfig sinkConfig = SinkConfig.from(Settings.of(sinkSettings));
        HikariDataSource dataSource = Database.connect(sinkConfig, meters);
        running.push(dataSource);
        SinkService sink = new SinkService(sinkConfig, dataSource, meters);
        Thread sinkThread = new Thread(sink, "demo-sink");
        sinkThread.start();
        running.push(() -> {
            sink.close();
            sinkThread.join(15_000);
        });
        MetricsServer metrics = MetricsServer.start(meters, "127.0.0.1", metricsPort,
                () -> processor.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING && sink.healthy());
        running.push(metrics);
        PaymentSerdes serdes = new PaymentSerdes(new HttpSchemaRegistryClient(runtime.registryUrl()), true);
        ResultTally results = new ResultTally(runtime.bootstrapServers(), PaymentTopic.TRANSFER_RESULTS.baseName(),
                serdes.<SpecificRecord>forTopic(PaymentTopic.TRANSFER_RESULTS).deserializer());
        running.push(results);

        out.printf("Sending %,d transfers among %,d accounts …%n", transfers, accounts);
        out.flush();
        LoadGenerator generator = new LoadGenerator();
        generator.bindTo(meters);
        AtomicReference<Exception> loadFailure = new AtomicReference<>();
        Map<String, String> clientSettings = new HashMap<>(common);
        clientSettings.put("client.follow.results", "true");
        Thread load = new Thread(() -> {
            try (TransferClient client = TransferClient.connect(TransferClient.Config.from(Settings.of(clientSettings)))) {
                client.bindTo(meters);
                generator.run(client, new LoadGenerator.Options(accounts, transfers, null, rate, skew, 1.1,
                        List.of("EUR", "USD"), duplicates, invalid, 42 + run, "r" + run + "-", true));
            } catch (Exception e) {
                loadFailure.set(e);
            }
        }, "demo-load");
        load.start();
        DemoStatus status = new DemoStatus(out);
        Topics topics = io.payments.schemas.config.CommonSettings.from(Settings.of(common)).topics();
        while (load.isAlive() || results.total() < generator.sent() || !caughtUp(dataSource, runtime, topics)) {
            if (loadFailure.get() != null) {
                throw loadFailure.get();
            }
            if (processor.state() == org.apache.kafka.streams.KafkaStreams.State.ERROR) {
                throw new IllegalStateException("The processor stopped on an error; see " + dir.resolve("logs/payments.log"));
            }
            status.maybePrint(generator, results, sink);
            Thread.sleep(50);
        }
        if (loadFailure.get() != null) {
            throw loadFailure.get();
        }
        status.finish();
        DemoReport.print(out, results, generator.sent(), Duration.ofNanos(System.nanoTime() - started), runtime.postgres(),
                httpPort, runtime.processorSecrets().get(LocalSecrets.HTTP_TOKEN), metrics.url());
        if (keepRunning) {
            out.println();
            out.println("Everything keeps running (Kafka " + runtime.bootstrapServers() + ", registry " + runtime.registryUrl()
                    + "). Ctrl-C stops it all.");
            out.flush();
            Thread.currentThread().join();
        }
        stopAll(out);
        Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
        return 0;
    }

    /** Stops what was started, newest first. Safe to call twice (Ctrl-C during the normal stop). */
    private synchronized void stopAll(PrintWriter out) {
        if (running.isEmpty()) {
            return;
        }
        out.println("Stopping …");
        out.flush();
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                out.println("  (while stopping: " + e.getMessage() + ")");
            }
        }
        out.println("Stopped.");
        out.flush();
    }

    private static boolean caughtUp(HikariDataSource dataSource, LocalRuntime runtime, Topics topics) throws Exception {
        try (Connection connection = dataSource.getConnection();
             Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers()))) {
            return CatchUp.caughtUp(connection, admin, topics);
        }
    }

    /** Runs on the same data dir are numbered, so each run's transfers get ids of their own. */
    private static int nextRun(Path dir) throws IOException {
        Path file = dir.resolve("demo-runs");
        int run = Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) + 1 : 1;
        Files.writeString(file, Integer.toString(run));
        return run;
    }
}
