package io.payments.sink.consumer;

import java.sql.SQLException;
import java.util.Collection;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On assignment, reads the position from PostgreSQL, never from Kafka's committed offsets,
 * retrying every second while PostgreSQL cannot be read; on revocation, forgets the partitions.
 */
final class SeekToStoredOffsets implements ConsumerRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(SeekToStoredOffsets.class);
    private static final long RETRY_MS = 1_000;

    private final Consumer<?, ?> consumer;
    private final Positions positions;
    private final StoppedPartitions stopped;
    private final SinkHealth health;
    private final SinkMetrics metrics;
    private final BooleanSupplier running;
    private final Time time;

    SeekToStoredOffsets(Consumer<?, ?> consumer, Positions positions, StoppedPartitions stopped, SinkHealth health,
                        SinkMetrics metrics, BooleanSupplier running, Time time) {
        this.consumer = consumer;
        this.positions = positions;
        this.stopped = stopped;
        this.health = health;
        this.metrics = metrics;
        this.running = running;
        this.time = time;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        while (running.getAsBoolean()) {
            try {
                positions.rewind(partitions);
                health.assigned(!consumer.assignment().isEmpty());
                return;
            } catch (SQLException e) {
                health.databaseFailed();
                metrics.postgresErrors.increment();
                LOG.warn("Cannot read the stored offsets from PostgreSQL ({}); retrying", e.getMessage());
                time.sleep(RETRY_MS);
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        positions.forget(partitions);
        stopped.forget(partitions);
        partitions.forEach(metrics::unassigned);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }
}
