package io.payments.sink.projection;

import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the projection is stored, with the offsets it was written up to. A write is all or
 * nothing: a batch's rows and its offset moves commit together, or none of them do.
 */
public interface LedgerWriter {

    /**
     * Makes sure each partition has a stored offset (0 for a new one) and returns the next offset
     * stored for each: where the sink reads from.
     *
     * @throws SQLException when the store cannot be read
     */
    Map<TopicPartition, Long> claim(Collection<TopicPartition> partitions) throws SQLException;

    /**
     * Writes the batch's rows and moves its offsets, all or nothing.
     *
     * @throws SQLException what the store answered to the rows
     * @throws StaleOffsetsException when a stored offset is not the one the batch expects (another
     *                               instance wrote it); nothing is written then
     */
    void write(RecordBatch batch) throws SQLException;

    /**
     * Writes the batch as {@link #write} does, then rolls it all back: whether the store takes it,
     * without keeping it. Used to find the one record of a batch it refuses.
     *
     * @throws SQLException what the store answered to the rows
     */
    void trial(RecordBatch batch) throws SQLException;
}
