package io.payments.sink.consumer;

import io.payments.sink.projection.LedgerWriter;
import io.payments.sink.projection.RecordBatch;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Where each assigned partition stands: the next offset this sink expects {@code sink_offsets} to
 * hold for it, which is where its last write (or read of the stored offsets) left it. A batch moves
 * the stored offset from there by compare-and-set, so offsets never run ahead of rows. The
 * consumer's position comes from PostgreSQL alone, never from offsets committed to Kafka.
 */
final class Positions {

    private final Consumer<byte[], byte[]> consumer;
    private final LedgerWriter writer;
    private final Map<TopicPartition, Long> expected = new ConcurrentHashMap<>();

    Positions(Consumer<byte[], byte[]> consumer, LedgerWriter writer) {
        this.consumer = consumer;
        this.writer = writer;
    }

    /** The next offset expected in {@code sink_offsets}, or null before the stored offsets were read. */
    Long expected(TopicPartition partition) {
        return expected.get(partition);
    }

    void expect(TopicPartition partition, long offset) {
        expected.put(partition, offset);
    }

    /** After a committed batch: each of its partitions stands where the batch moved it. */
    void written(RecordBatch batch) {
        batch.offsets().forEach((partition, move) -> expected.put(partition, move.next()));
    }

    /**
     * Reads the offsets PostgreSQL holds for the partitions and moves the consumer there, so that
     * everything after them is read again.
     *
     * @throws SQLException when PostgreSQL cannot be read; nothing moves then
     */
    void rewind(Collection<TopicPartition> partitions) throws SQLException {
        writer.claim(partitions).forEach((partition, offset) -> {
            expected.put(partition, offset);
            consumer.seek(partition, offset);
        });
    }

    void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(expected::remove);
    }

    /**
     * Whether the consumer stepped past offsets that held no record for the sink: an aborted
     * transaction's records and the markers. Stored too, or a partition whose tail is an aborted
     * transaction would never look caught up.
     */
    boolean movedWithoutRecords(StoppedPartitions stopped) {
        for (TopicPartition partition : consumer.assignment()) {
            Long from = expected.get(partition);
            if (from != null && !stopped.contains(partition) && consumer.position(partition) != from) {
                return true;
            }
        }
        return false;
    }
}
