package io.payments.tools.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.payments.local.LoadRun;
import io.payments.local.LocalPipeline;
import io.payments.local.PipelineSettings;
import io.payments.processor.config.ProcessorConfig;
import io.payments.producer.client.TransferClient;
import io.payments.producer.load.LoadGenerator;
import io.payments.runtime.LocalRuntime;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole pipeline on one machine: the load generator, the processor, the sink, the broker and
 * PostgreSQL sharing its cores. Accounts are opened and funded first (not timed); then the
 * clock runs from the first transfer sent until the last transfer's final status is committed
 * in PostgreSQL (its {@code updated_at}). Latency is each transfer's {@code requestedAt} (its
 * own timestamp) to that commit, read back from PostgreSQL.
 */
record EndToEndBenchmark(LocalRuntime runtime, Path dir, PrintWriter out) {

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

    Result run(Workload workload, String runId) throws Exception {
        runtime.postgres().createDatabase(runId);
        PipelineSettings settings = PipelineSettings.on(runtime)
                .postgres(runtime.postgres().jdbcUrl(runId), runtime.postgres().user(), runtime.postgres().password())
                .topics(runId + ".", workload.partitions())
                .processor(runId + "-processor", dir.resolve(runId))
                .sinkGroup(runId + "-sink")
                .with(ProcessorConfig.THREADS, 2)
                .with(workload.overrides());
        LoadGenerator.Options options = new LoadGenerator.Options(workload.accounts(), workload.transfers(), null,
                workload.rate(), workload.skew(), 1.1, List.of("EUR", "USD"), 0, 0, 42, runId + "-", true);
        LoadGenerator generator = new LoadGenerator();
        try (LocalPipeline pipeline = LocalPipeline.start(settings, new SimpleMeterRegistry())) {
            out.printf("  opening and funding %,d accounts (not timed) …%n", workload.accounts());
            out.flush();
            try (TransferClient setup = TransferClient.connect(settings.clientConfig(true))) {
                generator.setUp(setup, options);
            }
            out.printf("  sending %,d transfers (%s, %s) …%n", workload.transfers(), workload.skew(),
                    workload.rate() == 0 ? "unthrottled" : String.format("%,d/s", workload.rate()));
            out.flush();
            long started = System.currentTimeMillis();
            LoadRun sending = LoadRun.start("bench-load", settings.clientConfig(false),
                    client -> generator.sendTransfers(client, options));
            awaitDone(sending, pipeline, generator, started);
            if (generator.failed() > 0) {
                throw new IllegalStateException(generator.failed() + " transfers could not be sent; the run does not count");
            }
            return measure(pipeline.database(), runId + "-t-", workload, started);
        }
    }

    private void awaitDone(LoadRun sending, LocalPipeline pipeline, LoadGenerator generator, long started) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long lastPrint = System.nanoTime();
        while (sending.isRunning() || !pipeline.caughtUp()) {
            sending.throwIfFailed();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The pipeline did not finish within " + TIMEOUT.toMinutes() + " minutes");
            }
            if (System.nanoTime() - lastPrint > 5_000_000_000L) {
                out.printf("  %5.0f s  sent %,11d  rows in PostgreSQL %,11d  sink lag %,9d%n",
                        (System.currentTimeMillis() - started) / 1000.0, generator.sent(), pipeline.sink().rowsWritten(),
                        pipeline.sink().lag());
                out.flush();
                lastPrint = System.nanoTime();
            }
            Thread.sleep(200);
        }
        sending.throwIfFailed();
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
