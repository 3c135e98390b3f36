package io.payments.tools.bench;

import io.payments.avro.LedgerEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/**
 * The sink's peer: how a Kafka Connect JDBC sink in upsert mode writes — one {@code INSERT … ON
 * CONFLICT} per row, sent in JDBC batches of 3,000 on one connection, a commit per batch — for
 * the same rows the sink writes: each ledger entry, and its account's balance moved forward.
 */
final class PerRowUpsertBaseline {

    static final int BATCH = 3_000;

    private final Connection connection;
    private final PreparedStatement entry;
    private final PreparedStatement balance;
    private int pending;

    PerRowUpsertBaseline(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
        this.entry = connection.prepareStatement("""
                INSERT INTO ledger_entries (account_id, account_version, amount_minor, currency, balance_after_minor,
                    transfer_id, source_account_id, counterparty_account_id, leg, cause_partition, cause_offset,
                    requested_at, applied_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""");
        this.balance = connection.prepareStatement("""
                INSERT INTO account_balances (account_id, currency, balance_minor, version, updated_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (account_id) DO UPDATE SET balance_minor = EXCLUDED.balance_minor, version = EXCLUDED.version,
                    updated_at = EXCLUDED.updated_at
                WHERE account_balances.version < EXCLUDED.version""");
    }

    void write(List<LedgerEntry> entries) throws SQLException {
        for (LedgerEntry e : entries) {
            entry.setString(1, e.getAccountId());
            entry.setLong(2, e.getAccountVersion());
            entry.setLong(3, e.getAmountMinor());
            entry.setString(4, e.getCurrency());
            entry.setLong(5, e.getBalanceAfterMinor());
            entry.setString(6, e.getTransferId());
            entry.setString(7, e.getSourceAccountId());
            entry.setString(8, e.getCounterpartyAccountId());
            entry.setString(9, e.getLeg().name());
            entry.setInt(10, e.getCausePartition());
            entry.setLong(11, e.getCauseOffset());
            entry.setTimestamp(12, new Timestamp(e.getRequestedAt()));
            entry.setTimestamp(13, new Timestamp(e.getAppliedAt()));
            entry.addBatch();
            balance.setString(1, e.getAccountId());
            balance.setString(2, e.getCurrency());
            balance.setLong(3, e.getBalanceAfterMinor());
            balance.setLong(4, e.getAccountVersion());
            balance.setTimestamp(5, new Timestamp(e.getAppliedAt()));
            balance.addBatch();
            if (++pending == BATCH) {
                flush();
            }
        }
    }

    void flush() throws SQLException {
        if (pending > 0) {
            entry.executeBatch();
            balance.executeBatch();
            connection.commit();
            pending = 0;
        }
    }
}
