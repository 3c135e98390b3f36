package io.payments.sink.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The operator's way past one record a partition stopped at: moves that partition's stored
 * offset over it and records the skip in {@code sink_skipped_records}, in one transaction. Only
 * the record the sink stopped at can be skipped (the stored offset must be exactly it), one at a
 * time; the projection then lacks its rows, and {@code payments reconcile} says so.
 */
public final class SkippedRecords {

    private final DataSource dataSource;

    public SkippedRecords(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @throws IllegalStateException when the stored offset is not the record's (the partition is
     *                               not stopped there); nothing is changed then
     */
    public void skip(String topic, int partition, long offset, String reason) throws SQLException {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A skip needs a reason: say why the record may be left out of the projection");
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement move = connection.prepareStatement(
                         "UPDATE sink_offsets SET next_offset = next_offset + 1, updated_at = clock_timestamp() "
                                 + "WHERE topic = ? AND partition = ? AND next_offset = ?");
                 PreparedStatement record = connection.prepareStatement(
                         "INSERT INTO sink_skipped_records (topic, partition, record_offset, reason) VALUES (?, ?, ?, ?)")) {
                move.setString(1, topic);
                move.setInt(2, partition);
                move.setLong(3, offset);
                if (move.executeUpdate() != 1) {
                    connection.rollback();
                    throw new IllegalStateException("The sink's stored offset of " + topic + "-" + partition + " is not "
                            + offset + ": the partition is not stopped at that record, so nothing was skipped. "
                            + "The offset to skip is the one in the sink's \"stopped at offset\" line and /health.");
                }
                record.setString(1, topic);
                record.setInt(2, partition);
                record.setLong(3, offset);
                record.setString(4, reason);
                record.executeUpdate();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
