package io.payments.tools.demo;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.payments.app.cli.VerboseOption;
import io.payments.app.metrics.MetricsServer;
import io.payments.app.produce.LoadOptions;
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
import io.payments.tools.local.RuntimeOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
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

    @Mixin
    LoadOptions load;

    @Mixin
    RuntimeOptions runtimeOptions;

    @Option(names = "--keep-running", description = "Leave everything running after the report, until Ctrl-C.")
    boolean keepRunning;

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
        Path dir = runtimeOptions.dataDirectory();
        int run = nextRun(dir);
        LoadGenerator.Options options = load.options(null, run, "r" + run + "-", true);
        Thread stopOnCtrlC = new Thread(() -> stopAll(out), "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
        long started = System.nanoTime();
        say(out, "Starting Kafka, the schema registry and PostgreSQL in %s (run %d) …", dir, run);
        LocalRuntime runtime = LocalRuntime.start(runtimeOptions.on(dir));
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

        say(out, "Sending %,d transfers among %,d accounts …", options.transfers(), options.accounts());
        LoadGenerator generator = new LoadGenerator();
        generator.bindTo(meters);
        LoadRun sending = LoadRun.start("demo-load", settings.clientConfig(true), client -> {
            client.bindTo(meters);
            generator.run(client, options);
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
        while (sending.isRunning() || results.total() < generator.sent() || !pipeline.caughtUp() || holdsOpen(pipeline)) {
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

    /** Whether a hold the load left to expire is still open in PostgreSQL: the report shows every ending. */
    private static boolean holdsOpen(LocalPipeline pipeline) throws SQLException {
        try (Connection connection = pipeline.database().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM holds WHERE status = 'HELD')")) {
            rows.next();
            return rows.getBoolean(1);
        }
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
