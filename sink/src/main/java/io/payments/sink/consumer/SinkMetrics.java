package io.payments.sink.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.payments.avro.TransferResult;
import io.payments.sink.projection.TableRows;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.apache.kafka.common.TopicPartition;

/** The sink's own meters; the names follow Prometheus conventions once exported. Labels: topic and partition only. */
final class SinkMetrics {

    final Counter rows;
    final Counter postgresErrors;
    final Counter staleOffsets;
    final DistributionSummary batchRows;
    final Timer transaction;
    private final Timer persisted;
    private final MeterRegistry registry;
    private final Map<TopicPartition, Long> lags = new ConcurrentHashMap<>();
    private final Set<TopicPartition> lagGauges = ConcurrentHashMap.newKeySet();

    SinkMetrics(MeterRegistry registry, BooleanSupplier healthy, IntSupplier stoppedPartitions) {
        this.registry = registry;
        rows = Counter.builder("payments.sink.rows").description("Ledger entries and results written to PostgreSQL")
                .register(registry);
        postgresErrors = Counter.builder("payments.sink.postgres.errors")
                .description("Failed PostgreSQL writes or reads; each is retried from the stored offsets").register(registry);
        staleOffsets = Counter.builder("payments.sink.stale.offsets")
                .description("Batches refused because another instance moved the stored offsets").register(registry);
        batchRows = DistributionSummary.builder("payments.sink.batch.rows").description("Rows per PostgreSQL transaction")
                .register(registry);
        transaction = Timer.builder("payments.sink.transaction").description("Time of one batch's PostgreSQL transaction")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        persisted = Timer.builder("payments.request.persisted")
                .description("From a transfer's requestedAt until its final status is committed in PostgreSQL")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
        Gauge.builder("payments.sink.up", () -> healthy.getAsBoolean() ? 1 : 0)
                .description("1 when partitions are assigned and PostgreSQL answers").register(registry);
        Gauge.builder("payments.sink.stopped.partitions", stoppedPartitions::getAsInt)
                .description("Partitions stopped on a record the sink cannot read").register(registry);
    }

    /** Request→PostgreSQL latency of the transfers whose final result was just committed. */
    void committed(Iterable<TransferResult> results, long committedAt) {
        for (TransferResult result : results) {
            if (TableRows.decidesTransfer(result)) {
                persisted.record(Math.max(0, committedAt - result.getRequestedAt()), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Committed records not yet written, per assigned partition (NaN once the partition is no longer assigned). */
    void lag(TopicPartition partition, long records) {
        lags.put(partition, records);
        if (lagGauges.add(partition)) {
            Gauge.builder("payments.sink.lag.records", lags, m -> m.getOrDefault(partition, -1L) < 0 ? Double.NaN
                            : m.get(partition))
                    .description("Committed records on the partition not yet written to PostgreSQL")
                    .tags("topic", partition.topic(), "partition", Integer.toString(partition.partition()))
                    .register(registry);
        }
    }

    void unassigned(TopicPartition partition) {
        lags.remove(partition);
    }
}
