package io.payments.reconcile.postgres;

import io.payments.reconcile.audit.Facts;
import io.payments.reconcile.audit.Findings;
import io.payments.reconcile.audit.ViolationKind;
import io.payments.sink.postgres.CatchUp;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the sink's tables in one read-only, repeatable-read transaction (so offsets and rows
 * agree), streaming rows into facts rather than holding them.
 */
public final class ProjectionLoader {

    private static final int FETCH = 10_000;

    private ProjectionLoader() {
    }

    /** @return the sink's stored next offset per topic-partition, which bounds what PostgreSQL must hold */
    public static Map<TopicPartition, Long> load(Connection connection, Facts facts, Findings findings) throws SQLException {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(FETCH);
            Map<TopicPartition, Long> offsets = CatchUp.stored(connection);
            try (ResultSet rows = statement.executeQuery("SELECT account_id, account_version, amount_minor, "
                    + "balance_after_minor, currency, leg, transfer_id, source_account_id, counterparty_account_id, "
                    + "pending_change_minor, pending_debits_after_minor, hold_id FROM ledger_entries")) {
                while (rows.next()) {
                    facts.postgresEntry(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getString(5),
                            rows.getString(6), rows.getString(7), rows.getString(8), rows.getString(9), rows.getLong(10),
                            rows.getLong(11), rows.getString(12));
                    findings.count("PostgreSQL rows");
                }
            }
            try (ResultSet rows = statement.executeQuery(
                    "SELECT account_id, version, balance_minor, currency FROM account_balances")) {
                while (rows.next()) {
                    facts.postgresBalance(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getString(4));
                    findings.count("PostgreSQL rows");
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT source_account_id, transfer_id, status FROM transfers")) {
                while (rows.next()) {
                    facts.postgresTransfer(rows.getString(1), rows.getString(2), rows.getString(3));
                    findings.count("PostgreSQL rows");
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT topic, partition, record_offset, reason, skipped_at, "
                    + "skipped_by FROM sink_skipped_records ORDER BY topic, partition, record_offset")) {
                while (rows.next()) {
                    findings.report(ViolationKind.PG_RECORD_SKIPPED, "skipped by " + rows.getString(6) + " at "
                            + rows.getTimestamp(5).toInstant() + ": " + rows.getString(4), "topic=" + rows.getString(1),
                            "partition=" + rows.getInt(2), "offset=" + rows.getLong(3));
                }
            }
            return offsets;
        } finally {
            connection.rollback();
        }
    }
}
