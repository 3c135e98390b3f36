package io.payments.sink.postgres;

import io.payments.avro.LedgerEntry;
import io.payments.avro.Leg;
import io.payments.avro.Outcome;
import io.payments.avro.RequestType;
import io.payments.avro.TransferResult;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes a batch of ledger rows and the offsets it moves in one PostgreSQL transaction, one
 * statement per table (arrays bound as parameters and expanded with {@code unnest}). Every write is
 * idempotent: entries are inserted once by their primary key, balances only move to a higher
 * version, transfer statuses only move forward, and the offsets move by compare-and-set, so a
 * replay changes nothing and a stale instance cannot commit. Rows are sorted by key so that two
 * writers meeting on the same rows lock them in the same order instead of deadlocking.
 */
public final class PostgresLedgerWriter {

    private static final String MOVE_OFFSETS = """
            UPDATE sink_offsets o SET next_offset = v.next_offset, updated_at = clock_timestamp()
            FROM unnest(?::text[], ?::int[], ?::bigint[], ?::bigint[]) AS v(topic, partition, expected, next_offset)
            WHERE o.topic = v.topic AND o.partition = v.partition AND o.next_offset = v.expected""";
    private static final String INSERT_ACCOUNTS = """
            INSERT INTO accounts (account_id, currency, kind, opened_at)
            SELECT a, c, k, to_timestamp(t / 1000.0) FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[]) AS v(a, c, k, t)
            ON CONFLICT DO NOTHING""";
    private static final String INSERT_ENTRIES = """
            INSERT INTO ledger_entries (account_id, account_version, amount_minor, currency, balance_after_minor,
                transfer_id, source_account_id, counterparty_account_id, leg, cause_partition, cause_offset,
                requested_at, applied_at)
            SELECT a, v, am, c, b, t, s, cp, l, p, o, to_timestamp(rq / 1000.0), to_timestamp(ap / 1000.0)
            FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::int[], ?::bigint[], ?::bigint[], ?::bigint[])
                 AS x(a, v, am, c, b, t, s, cp, l, p, o, rq, ap)
            ON CONFLICT DO NOTHING""";
    private static final String UPSERT_BALANCES = """
            INSERT INTO account_balances (account_id, currency, balance_minor, version, updated_at)
            SELECT a, c, b, v, to_timestamp(u / 1000.0) FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[])
                 AS x(a, c, b, v, u)
            ON CONFLICT (account_id) DO UPDATE SET balance_minor = EXCLUDED.balance_minor, version = EXCLUDED.version,
                updated_at = EXCLUDED.updated_at
            WHERE account_balances.version < EXCLUDED.version""";
    private static final String UPSERT_TRANSFERS = """
            INSERT INTO transfers (source_account_id, transfer_id, destination_account_id, amount_minor, currency,
                status, reason, reason_detail, requested_at, updated_at)
            SELECT s, t, d, am, c, st, r, rd, to_timestamp(rq / 1000.0), clock_timestamp()
            FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[])
                 AS x(s, t, d, am, c, st, r, rd, rq)
            ON CONFLICT (source_account_id, transfer_id) DO UPDATE SET status = EXCLUDED.status,
                reason = EXCLUDED.reason, reason_detail = EXCLUDED.reason_detail, updated_at = EXCLUDED.updated_at
            WHERE transfers.status = 'PENDING' AND EXCLUDED.status <> 'PENDING'""";

    private final DataSource dataSource;

    public PostgresLedgerWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Makes sure each partition has an offset row (0 for a new one) and returns the stored next offsets. */
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

    /** Writes the rows and moves the offsets, all or nothing. */
    public void write(LedgerRows rows) throws SQLException {
        write(rows, true);
    }

    /**
     * Writes the rows and moves the offsets, then rolls it all back: whether PostgreSQL takes
     * them, without keeping them. Used to find the one record of a batch it refuses.
     *
     * @throws SQLException what PostgreSQL answered to the rows
     */
    public void trial(LedgerRows rows) throws SQLException {
        write(rows, false);
    }

    private void write(LedgerRows rows, boolean commit) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                moveOffsets(connection, rows.offsets());
                insertAccounts(connection, rows.results());
                insertEntries(connection, rows.entries());
                upsertBalances(connection, rows.entries());
                upsertTransfers(connection, rows.entries(), rows.results());
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

    private static void moveOffsets(Connection connection, Map<TopicPartition, LedgerRows.OffsetMove> moves)
            throws SQLException {
        if (moves.isEmpty()) {
            return;
        }
        Columns columns = new Columns(connection, moves.size());
        moves.forEach((partition, move) -> {
            columns.text(0, partition.topic());
            columns.integer(1, partition.partition());
            columns.bigint(2, move.expected());
            columns.bigint(3, move.next());
        });
        int moved = columns.execute(MOVE_OFFSETS, "text", "int4", "int8", "int8");
        if (moved != moves.size()) {
            throw new StaleOffsetsException("The stored offsets of " + moves.keySet() + " moved under this sink ("
                    + moved + " of " + moves.size() + " matched): another instance owns them now");
        }
    }

    private static void insertAccounts(Connection connection, List<TransferResult> results) throws SQLException {
        List<TransferResult> opened = results.stream()
                .filter(r -> r.getRequestType() == RequestType.OPEN_ACCOUNT && r.getOutcome() == Outcome.COMPLETED
                        && !r.getDuplicate() && r.getAccountKind() != null)
                .sorted(Comparator.comparing(TransferResult::getSourceAccountId))
                .toList();
        if (opened.isEmpty()) {
            return;
        }
        Columns columns = new Columns(connection, opened.size());
        for (TransferResult result : opened) {
            columns.text(0, result.getSourceAccountId());
            columns.text(1, result.getCurrency());
            columns.text(2, result.getAccountKind().name());
            columns.bigint(3, result.getDecidedAt());
        }
        columns.execute(INSERT_ACCOUNTS, "text", "text", "text", "int8");
    }

    private static void insertEntries(Connection connection, List<LedgerEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        List<LedgerEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(LedgerEntry::getAccountId).thenComparingLong(LedgerEntry::getAccountVersion));
        Columns columns = new Columns(connection, sorted.size());
        for (LedgerEntry entry : sorted) {
            columns.text(0, entry.getAccountId());
            columns.bigint(1, entry.getAccountVersion());
            columns.bigint(2, entry.getAmountMinor());
            columns.text(3, entry.getCurrency());
            columns.bigint(4, entry.getBalanceAfterMinor());
            columns.text(5, entry.getTransferId());
            columns.text(6, entry.getSourceAccountId());
            columns.text(7, entry.getCounterpartyAccountId());
            columns.text(8, entry.getLeg().name());
            columns.integer(9, entry.getCausePartition());
            columns.bigint(10, entry.getCauseOffset());
            columns.bigint(11, entry.getRequestedAt());
            columns.bigint(12, entry.getAppliedAt());
        }
        columns.execute(INSERT_ENTRIES, "text", "int8", "int8", "text", "int8", "text", "text", "text", "text", "int4",
                "int8", "int8", "int8");
    }

    /** One row per account: the batch's highest version (ON CONFLICT cannot touch a row twice in one statement). */
    private static void upsertBalances(Connection connection, List<LedgerEntry> entries) throws SQLException {
        Map<String, LedgerEntry> latest = new TreeMap<>();
        for (LedgerEntry entry : entries) {
            latest.merge(entry.getAccountId(), entry,
                    (a, b) -> a.getAccountVersion() >= b.getAccountVersion() ? a : b);
        }
        if (latest.isEmpty()) {
            return;
        }
        Columns columns = new Columns(connection, latest.size());
        for (LedgerEntry entry : latest.values()) {
            columns.text(0, entry.getAccountId());
            columns.text(1, entry.getCurrency());
            columns.bigint(2, entry.getBalanceAfterMinor());
            columns.bigint(3, entry.getAccountVersion());
            columns.bigint(4, entry.getAppliedAt());
        }
        columns.execute(UPSERT_BALANCES, "text", "text", "int8", "int8", "int8");
    }

    private record TransferRow(String source, String transferId, String destination, long amount, String currency,
                               String status, String reason, String reasonDetail, long requestedAt) {
    }

    /**
     * A debit makes a transfer PENDING; its recorded result makes it final. Within a batch the
     * final status wins; across batches the statement only moves a PENDING row forward.
     */
    private static void upsertTransfers(Connection connection, List<LedgerEntry> entries, List<TransferResult> results)
            throws SQLException {
        Map<String, TransferRow> rows = new TreeMap<>();
        for (LedgerEntry entry : entries) {
            if (entry.getLeg() == Leg.DEBIT) {
                rows.putIfAbsent(entry.getSourceAccountId() + '\u0000' + entry.getTransferId(), new TransferRow(
                        entry.getSourceAccountId(), entry.getTransferId(), entry.getCounterpartyAccountId(),
                        -entry.getAmountMinor(), entry.getCurrency(), "PENDING", null, null, entry.getRequestedAt()));
            }
        }
        for (TransferResult result : results) {
            if (result.getRequestType() == RequestType.TRANSFER && result.getRecorded() && !result.getDuplicate()) {
                rows.put(result.getSourceAccountId() + '\u0000' + result.getTransferId(), new TransferRow(
                        result.getSourceAccountId(), result.getTransferId(), result.getDestinationAccountId(),
                        result.getAmountMinor(), result.getCurrency(), result.getOutcome().name(),
                        result.getReason() == null ? null : result.getReason().name(), result.getReasonDetail(),
                        result.getRequestedAt()));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        Columns columns = new Columns(connection, rows.size());
        for (TransferRow row : rows.values()) {
            columns.text(0, row.source());
            columns.text(1, row.transferId());
            columns.text(2, row.destination());
            columns.bigint(3, row.amount());
            columns.text(4, row.currency());
            columns.text(5, row.status());
            columns.text(6, row.reason());
            columns.text(7, row.reasonDetail());
            columns.bigint(8, row.requestedAt());
        }
        columns.execute(UPSERT_TRANSFERS, "text", "text", "text", "int8", "text", "text", "text", "text", "int8");
    }

    /** Column arrays of a statement whose parameters are all arrays, filled row by row. */
    private static final class Columns {
        private final Connection connection;
        private final Object[][] values;
        private final int[] filled;

        Columns(Connection connection, int rows) {
            this.connection = connection;
            this.values = new Object[16][];
            this.filled = new int[16];
            for (int i = 0; i < values.length; i++) {
                values[i] = new Object[rows];
            }
        }

        void text(int column, String value) {
            values[column][filled[column]++] = value;
        }

        void bigint(int column, long value) {
            values[column][filled[column]++] = value;
        }

        void integer(int column, int value) {
            values[column][filled[column]++] = value;
        }

        int execute(String sql, String... types) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                List<Array> arrays = new ArrayList<>();
                for (int i = 0; i < types.length; i++) {
                    Array array = connection.createArrayOf(types[i], values[i]);
                    arrays.add(array);
                    statement.setArray(i + 1, array);
                }
                try {
                    return statement.executeUpdate();
                } finally {
                    for (Array array : arrays) {
                        array.free();
                    }
                }
            }
        }
    }
}
