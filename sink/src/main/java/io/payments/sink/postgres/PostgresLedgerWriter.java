package io.payments.sink.postgres;

import io.payments.sink.projection.LedgerWriter;
import io.payments.sink.projection.RecordBatch;
import io.payments.sink.projection.StaleOffsetsException;
import io.payments.sink.projection.TableRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes a batch's rows ({@link TableRows}) and the offsets it moves in one PostgreSQL
 * transaction, one statement per table ({@link ProjectionTables}), the tables always in the same
 * order. Every write is idempotent: entries are inserted once by their primary key, balances only
 * move to a higher version, transfer statuses only move forward, and the offsets move by
 * compare-and-set, so a replay changes nothing and a stale instance cannot commit.
 */
public final class PostgresLedgerWriter implements LedgerWriter {

    private final DataSource dataSource;

    public PostgresLedgerWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Map<TopicPartition, Long> claim(Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO sink_offsets (topic, partition, next_offset) VALUES (?, ?, 0) ON CONFLICT DO NOTHING");
                 PreparedStatement select = connection.prepareStatement(
                         "SELECT next_offset FROM sink_offsets WHERE topic = ? AND partition = ?")) {
                for (TopicPartition partition : partitions) {
                    insert.setString(1, partition.topic());
                    insert.setInt(2, partition.partition());
                    insert.executeUpdate();
                    select.setString(1, partition.topic());
                    select.setInt(2, partition.partition());
                    try (ResultSet row = select.executeQuery()) {
                        row.next();
                        offsets.put(partition, row.getLong(1));
                    }
                }
            }
        }
        return offsets;
    }

    @Override
    public void write(RecordBatch batch) throws SQLException {
        write(batch, true);
    }

    @Override
    public void trial(RecordBatch batch) throws SQLException {
        write(batch, false);
    }

    private void write(RecordBatch batch, boolean commit) throws SQLException {
        TableRows rows = TableRows.of(batch);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int moved = ProjectionTables.SINK_OFFSETS.write(connection, rows.offsets());
                if (moved != rows.offsets().size()) {
                    throw new StaleOffsetsException("The stored offsets of " + batch.offsets().keySet() + " moved under "
                            + "this sink (" + moved + " of " + rows.offsets().size() + " matched): another instance owns them now");
                }
                ProjectionTables.ACCOUNTS.write(connection, rows.openedAccounts());
                ProjectionTables.LEDGER_ENTRIES.write(connection, rows.entries());
                ProjectionTables.ACCOUNT_BALANCES.write(connection, rows.balances());
                ProjectionTables.TRANSFERS.write(connection, rows.transfers());
                ProjectionTables.HOLDS.write(connection, rows.holds());
                if (commit) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    // The connection died with the write (the pool answers "Connection is closed", no
                    // SQLSTATE): the write's own error says what happened, and classifies it.
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }
}
