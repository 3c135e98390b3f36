package io.payments.tools.demo;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.payments.app.cli.VerboseOption;
import io.payments.app.metrics.MetricsServer;
import io.payments.local.LoadRun;
import io.payments.local.LocalPipeline;
import io.payments.local.PipelineSettings;
import io.payments.processor.config.ProcessorConfig;
import io.payments.producer.load.LoadGenerator;
import io.payments.runtime.LocalRuntime;
import io.payments.runtime.LocalSecrets;
import io.payments.schemas.registry.HttpSchemaRegistryClient;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.tools.local.DataDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
        say(out, "Starting Kafka, the schema registry and PostgreSQL in %s (run %d) …", dir, run);
        LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Options.onPorts(dir, kafkaPort, registryPort, postgresPort)
                .withPostgresFromEnvironment());
        running.push(runtime);
        PipelineSettings settings = PipelineSettings.on(runtime)
                .with(ProcessorConfig.STATE_DIR, dir.resolve("processor")).with(ProcessorConfig.HTTP_PORT, httpPort)
                .with(ProcessorConfig.THREADS, 2);
        say(out, "Starting the processor and the sink …");
        PrometheusMeterRegistry meters = MetricsServer.registry();
        LocalPipeline pipeline = LocalPipeline.start(settings, meters);
        running.push(pipeline);
        MetricsServer metrics = MetricsServer.start(meters, "127.0.0.1", metricsPort,
                () -> pipeline.processor().state() == KafkaStreams.State.RUNNING && pipeline.sink().healthy());
        running.push(metrics);
        ResultTally results = new ResultTally(runtime.bootstrapServers(), pipeline.topics().name(PaymentTopic.TRANSFER_RESULTS),
                new PaymentSerdes(new HttpSchemaRegistryClient(runtime.registryUrl()), true)
                        .<SpecificRecord>forTopic(PaymentTopic.TRANSFER_RESULTS).deserializer());
        running.push(results);

        say(out, "Sending %,d transfers among %,d accounts …", transfers, accounts);
        LoadGenerator generator = new LoadGenerator();
        generator.bindTo(meters);
        LoadGenerator.Options load = new LoadGenerator.Options(accounts, transfers, null, rate, skew, 1.1,
                List.of("EUR", "USD"), duplicates, invalid, 42 + run, "r" + run + "-", true);
        LoadRun sending = LoadRun.start("demo-load", settings.clientConfig(true), client -> {
            client.bindTo(meters);
            generator.run(client, load);
        });
        awaitEverything(out, dir, pipeline, sending, generator, results);
        DemoReport.print(out, results, generator.sent(), Duration.ofNanos(System.nanoTime() - started), runtime.postgres(),
                httpPort, runtime.processorSecrets().get(LocalSecrets.HTTP_TOKEN), metrics.url());
        if (keepRunning) {
            out.println();
            say(out, "Everything keeps running (Kafka %s, registry %s). Ctrl-C stops it all.", runtime.bootstrapServers(),
                    runtime.registryUrl());
            Thread.currentThread().join();
        }
        stopAll(out);
        Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
        return 0;
    }

    /** Until the load is sent, every request has its result and PostgreSQL has everything; shows the progress meanwhile. */
    private static void awaitEverything(PrintWriter out, Path dir, LocalPipeline pipeline, LoadRun sending,
                                        LoadGenerator generator, ResultTally results) throws Exception {
        DemoStatus status = new DemoStatus(out);
        while (sending.isRunning() || results.total() < generator.sent() || !pipeline.caughtUp()) {
            sending.throwIfFailed();
            if (pipeline.processor().state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("The processor stopped on an error; see " + dir.resolve("logs/payments.log"));
            }
            status.maybePrint(generator, results, pipeline.sink());
            Thread.sleep(50);
        }
        sending.throwIfFailed();
        status.finish();
    }

    private static void say(PrintWriter out, String format, Object... args) {
        out.printf(format + "%n", args);
        out.flush();
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

    /** Runs on the same data dir are numbered, so each run's transfers get ids of their own. */
    private static int nextRun(Path dir) throws IOException {
        Path file = dir.resolve("demo-runs");
        int run = Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) + 1 : 1;
        Files.writeString(file, Integer.toString(run));
        return run;
    }
}
