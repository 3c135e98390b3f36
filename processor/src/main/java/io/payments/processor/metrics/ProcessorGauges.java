package io.payments.processor.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.payments.processor.topology.LedgerTopology;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/** What a processor instance holds right now: whether it runs, its tasks, and the ids it remembers. */
public final class ProcessorGauges {

    private ProcessorGauges() {
    }

    public static void bind(KafkaStreams streams, MeterRegistry registry) {
        Gauge.builder("payments.processor.running", () -> streams.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 when Kafka Streams is RUNNING on this instance").register(registry);
        Gauge.builder("payments.processor.active.tasks", () -> tasks(streams, true))
                .description("Tasks (partitions) this instance processes").register(registry);
        Gauge.builder("payments.processor.standby.tasks", () -> tasks(streams, false))
                .description("Warm copies of other instances' tasks kept here").register(registry);
        Gauge.builder("payments.dedup.store.entries", () -> dedupEntries(streams))
                .description("Request ids remembered in this instance's requests stores (RocksDB's estimate)")
                .register(registry);
    }

    private static double tasks(KafkaStreams streams, boolean active) {
        try {
            return streams.metadataForLocalThreads().stream()
                    .mapToInt((ThreadMetadata t) -> active ? t.activeTasks().size() : t.standbyTasks().size()).sum();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double dedupEntries(KafkaStreams streams) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(LedgerTopology.REQUESTS_STORE,
                    QueryableStoreTypes.keyValueStore())).approximateNumEntries();
        } catch (RuntimeException e) {
            // Not running, or the stores are being restored or moved.
            return Double.NaN;
        }
    }
}
