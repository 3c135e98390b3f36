package io.payments.app.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.payments.processor.ProcessorService;
import io.payments.processor.config.ProcessorConfig;
import io.payments.producer.client.TransferClient;
import io.payments.producer.load.LoadGenerator;
import io.payments.runtime.LocalRuntime;
import io.payments.schemas.config.Settings;
import io.payments.schemas.topics.TopicLayout;
import io.payments.schemas.topics.Topics;
import io.payments.sink.config.SinkConfig;
import io.payments.sink.consumer.SinkService;
import io.payments.sink.postgres.CatchUp;
import io.payments.sink.postgres.Database;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;

/**
 * The whole pipeline on one machine: the load generator, the processor, the sink, the broker and
 * PostgreSQL sharing its cores. Accounts are opened and funded first (not timed); then the
 * clock runs from the first transfer sent until the last transfer's final status is committed
 * in PostgreSQL (its {@code updated_at}). Latency is each transfer's {@code requestedAt} (its
 * own timestamp) to that commit, read back from PostgreSQL.
 */
final class EndToEndBenchmark {

    /** rate 0: as fast as the pipeline takes them. Latency is measured after {@code latencyWarmup}. */
    record Workload(int accounts, long transfers, LoadGenerator.Skew skew, int rate, int partitions,
                    Duration latencyWarmup, Map<String, String> overrides) {
    }

    record Result(long transfers, double perSecond, Latency afterWarmup, Latency all) {
    }

    /** Request→PostgreSQL latency percentiles, in milliseconds. */
    record Latency(double p50, double p95, double p99, double max) {
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final LocalRuntime runtime;
    private final Path dir;
    private final PrintWriter out;

    EndToEndBenchmark(LocalRuntime runtime, Path dir, PrintWriter out) {
        this.runtime = runtime;
        this.dir = dir;
        this.out = out;
    }

    Result run(Workload workload, String runId) throws Exception {
        Topics topics = new Topics(runId + ".", new TopicLayout(workload.partitions(), (short) 1, 1));
        runtime.postgres().createDatabase(runId);
        Map<String, String> settings = new HashMap<>(Map.of(
                "bootstrap.servers", runtime.bootstrapServers(),
                "schema.registry.url", runtime.registryUrl(),
                "topics.prefix", topics.prefix(),
                "topics.partitions", Integer.toString(workload.partitions()),
                "processor.application.id", runId + "-processor",
                "processor.state.dir", dir.resolve(runId).toString(),
                "processor.threads", "2",
                "processor.http.port", "0",
                "sink.group.id", runId + "-sink"));
        settings.put("sink.postgres.url", runtime.postgres().jdbcUrl(runId));
        settings.put("sink.postgres.user", runtime.postgres().user());
        settings.put("sink.postgres.password", runtime.postgres().password());
        settings.putAll(runtime.processorSecrets());
        settings.putAll(workload.overrides());
        SinkConfig sinkConfig = SinkConfig.from(Settings.of(settings));
        LoadGenerator.Options options = new LoadGenerator.Options(workload.accounts(), workload.transfers(), null,
                workload.rate(), workload.skew(), 1.1, List.of("EUR", "USD"), 0, 0, 42, runId + "-", true);
        LoadGenerator generator = new LoadGenerator();
        Map<String, Object> adminConfig = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
        try (Admin admin = Admin.create(adminConfig);
             ProcessorService processor = ProcessorService.start(ProcessorConfig.from(Settings.of(settings)));
             HikariDataSource db = Database.connect(sinkConfig);
             SinkService sink = new SinkService(sinkConfig, db, new SimpleMeterRegistry())) {
            Thread sinkThread = new Thread(sink, "bench-sink");
            sinkThread.start();
            out.printf("  opening and funding %,d accounts (not timed) …%n", workload.accounts());
            out.flush();
            try (TransferClient setup = TransferClient.connect(TransferClient.Config.from(Settings.of(settings)))) {
                generator.setUp(setup, options);
            }
            Map<String, String> sending = new HashMap<>(settings);
            sending.put("client.follow.results", "false");
            out.printf("  sending %,d transfers (%s, %s) …%n", workload.transfers(), workload.skew(),
                    workload.rate() == 0 ? "unthrottled" : String.format("%,d/s", workload.rate()));
            out.flush();
            long started = System.currentTimeMillis();
            Thread load = new Thread(() -> {
                try (TransferClient client = TransferClient.connect(TransferClient.Config.from(Settings.of(sending)))) {
                    generator.sendTransfers(client, options);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-load");
            load.start();
            awaitDone(load, admin, db, topics, runId + "-processor", sink, generator, started);
            sink.close();
            sinkThread.join(15_000);
            if (generator.failed() > 0) {
                throw new IllegalStateException(generator.failed() + " transfers could not be sent; the run does not count");
            }
            return measure(db, runId + "-t-", workload, started);
        }
    }

    private void awaitDone(Thread load, Admin admin, HikariDataSource db, Topics topics, String applicationId,
                           SinkService sink, LoadGenerator generator, long started) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long lastPrint = System.nanoTime();
        while (load.isAlive() || !caughtUp(db, admin, topics, applicationId)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The pipeline did not finish within " + TIMEOUT.toMinutes() + " minutes");
            }
            if (System.nanoTime() - lastPrint > 5_000_000_000L) {
                out.printf("  %5.0f s  sent %,11d  rows in PostgreSQL %,11d  sink lag %,9d%n",
                        (System.currentTimeMillis() - started) / 1000.0, generator.sent(), sink.rowsWritten(), sink.lag());
                out.flush();
                lastPrint = System.nanoTime();
            }
            Thread.sleep(200);
        }
    }

    private static boolean caughtUp(HikariDataSource db, Admin admin, Topics topics, String applicationId)
            throws Exception {
        try (Connection connection = db.getConnection()) {
            return CatchUp.pipelineCaughtUp(connection, admin, topics, applicationId);
        }
    }

    /** Throughput to the last final status; latency percentiles of the transfers requested after the warm-up. */
    private static Result measure(HikariDataSource db, String idPrefix, Workload workload, long started) throws Exception {
        try (Connection connection = db.getConnection();
             PreparedStatement totals = connection.prepareStatement(
                     "SELECT count(*), max(updated_at) FROM transfers WHERE transfer_id LIKE ? AND status <> 'PENDING'");
             PreparedStatement latency = connection.prepareStatement("""
                     SELECT percentile_disc(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY ms), max(ms) FROM (
                         SELECT (extract(epoch FROM updated_at - requested_at) * 1000)::float8 AS ms FROM transfers
                         WHERE transfer_id LIKE ? AND status <> 'PENDING' AND requested_at >= ?) t""")) {
            totals.setString(1, idPrefix + "%");
            long count;
            Timestamp last;
            try (ResultSet rows = totals.executeQuery()) {
                rows.next();
                count = rows.getLong(1);
                last = rows.getTimestamp(2);
            }
            if (count != workload.transfers()) {
                throw new IllegalStateException("PostgreSQL holds " + count + " final transfers of " + workload.transfers()
                        + " sent; the run does not count");
            }
            double seconds = (last.getTime() - started) / 1000.0;
            return new Result(count, count / seconds,
                    latency(latency, idPrefix, started + workload.latencyWarmup().toMillis()), latency(latency, idPrefix, 0));
        }
    }

    private static Latency latency(PreparedStatement query, String idPrefix, long requestedFrom) throws Exception {
        query.setString(1, idPrefix + "%");
        query.setTimestamp(2, new Timestamp(requestedFrom));
        try (ResultSet rows = query.executeQuery()) {
            rows.next();
            Double[] p = (Double[]) rows.getArray(1).getArray();
            return new Latency(p[0], p[1], p[2], rows.getDouble(2));
        }
    }
}
