package io.payments.sink.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.BooleanSupplier;

/** The sink's own meters; the names follow Prometheus conventions once exported. */
final class SinkMetrics {

    final Counter rows;
    final Counter postgresErrors;
    final Counter staleOffsets;
    final DistributionSummary batchRows;
    final Timer transaction;

    SinkMetrics(MeterRegistry registry, BooleanSupplier healthy, java.util.function.IntSupplier stoppedPartitions) {
        rows = Counter.builder("payments.sink.rows").description("Ledger entries and results written to PostgreSQL")
                .register(registry);
        postgresErrors = Counter.builder("payments.sink.postgres.errors")
                .description("Failed PostgreSQL writes or reads; each is retried from the stored offsets").register(registry);
        staleOffsets = Counter.builder("payments.sink.stale.offsets")
                .description("Batches refused because another instance moved the stored offsets").register(registry);
        batchRows = DistributionSummary.builder("payments.sink.batch.rows").description("Rows per PostgreSQL transaction")
                .register(registry);
        transaction = Timer.builder("payments.sink.transaction").description("Time of one batch's PostgreSQL transaction")
                .register(registry);
        Gauge.builder("payments.sink.up", () -> healthy.getAsBoolean() ? 1 : 0)
                .description("1 when partitions are assigned and PostgreSQL answers").register(registry);
        Gauge.builder("payments.sink.stopped.partitions", stoppedPartitions::getAsInt)
                .description("Partitions stopped on a record the sink cannot read").register(registry);
    }
}
