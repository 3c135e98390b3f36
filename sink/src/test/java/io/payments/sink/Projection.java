package io.payments.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the projection back for assertions: consistency checks, snapshots and progress. */
final class Projection {

    private Projection() {
    }

    /** Balances equal the sum of each account's entries, versions run 1..n, balance_after is the running sum. */
    static void assertConsistent(Connection connection) throws SQLException {
        assertThat(strings(connection, """
                SELECT account_id FROM ledger_entries GROUP BY account_id
                HAVING min(account_version) <> 1 OR max(account_version) <> count(*)""")).as("versions with gaps").isEmpty();
        assertThat(strings(connection, """
                SELECT account_id FROM (SELECT account_id, balance_after_minor,
                    sum(amount_minor) OVER (PARTITION BY account_id ORDER BY account_version) AS running FROM ledger_entries) e
                WHERE balance_after_minor <> running""")).as("balance_after that is not the running sum").isEmpty();
        assertThat(strings(connection, """
                SELECT b.account_id FROM account_balances b
                FULL JOIN (SELECT account_id, sum(amount_minor) AS total, max(account_version) AS version
                           FROM ledger_entries GROUP BY account_id) e USING (account_id)
                WHERE b.balance_minor IS DISTINCT FROM e.total OR b.version IS DISTINCT FROM e.version""")).as("balances that are not the sum of their entries").isEmpty();
    }

    /** Every table's content, ordered, without the times the sink itself stamps. */
    static List<String> snapshot(Connection connection) throws SQLException {
        List<String> rows = new ArrayList<>();
        rows.addAll(strings(connection, "SELECT concat_ws('|', account_id, currency, kind, opened_at) FROM accounts ORDER BY 1"));
        rows.addAll(strings(connection, """
                SELECT concat_ws('|', account_id, account_version, amount_minor, currency, balance_after_minor, transfer_id,
                       source_account_id, counterparty_account_id, leg, cause_partition, cause_offset, requested_at, applied_at,
                       pending_change_minor, pending_debits_after_minor, hold_id)
                FROM ledger_entries ORDER BY account_id, account_version"""));
        rows.addAll(strings(connection, """
                SELECT concat_ws('|', account_id, currency, balance_minor, version, updated_at, pending_debits_minor)
                FROM account_balances ORDER BY 1"""));
        rows.addAll(strings(connection, """
                SELECT concat_ws('|', source_account_id, hold_id, destination_account_id, amount_minor, currency, status,
                       posted_amount_minor, requested_at) FROM holds ORDER BY source_account_id, hold_id"""));
        rows.addAll(strings(connection, """
                SELECT concat_ws('|', source_account_id, transfer_id, destination_account_id, amount_minor, currency, status,
                       reason, reason_detail, requested_at) FROM transfers ORDER BY source_account_id, transfer_id"""));
        return rows;
    }

    static Map<String, String> statuses(Connection connection) throws SQLException {
        Map<String, String> statuses = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT source_account_id, transfer_id, status FROM transfers")) {
            while (rows.next()) {
                statuses.put(rows.getString(1) + "/" + rows.getString(2), rows.getString(3));
            }
        }
        return statuses;
    }

    static Map<String, Long> balances(Connection connection) throws SQLException {
        Map<String, Long> balances = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT account_id, balance_minor FROM account_balances")) {
            while (rows.next()) {
                balances.put(rows.getString(1), rows.getLong(2));
            }
        }
        return balances;
    }

    static long count(Connection connection, String table) throws SQLException {
        return Long.parseLong(strings(connection, "SELECT count(*) FROM " + table).get(0));
    }

    static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
