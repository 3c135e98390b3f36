package io.payments.sink.postgres;

import static io.payments.sink.postgres.Column.epochMillis;
import static io.payments.sink.postgres.Column.int4;
import static io.payments.sink.postgres.Column.int8;
import static io.payments.sink.postgres.Column.text;
import static io.payments.sink.postgres.Column.writeTime;

import io.payments.avro.LedgerEntry;
import io.payments.avro.TransferResult;
import io.payments.avro.TransferStatus;
import io.payments.sink.projection.HoldRow;
import io.payments.sink.projection.OffsetRow;
import io.payments.sink.projection.TransferRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables the sink writes (created by {@code V1__ledger_projection.sql}; {@code holds} by
 * {@code V5__holds.sql} and {@code V6__open_holds.sql}), each described once: its columns, the SQL
 * type each travels as, where a row's value comes from, and how a row meets one already there.
 * Their statements are derived from these descriptions ({@link Table}).
 */
public final class ProjectionTables {

    /** The next offset to read per topic-partition, moved by compare-and-set on the offset this sink last saw there. */
    static final Table<OffsetRow> SINK_OFFSETS = Table.compareAndSet("sink_offsets", "next_offset", List.of(
            Column.<OffsetRow>text("topic", OffsetRow::topic).key(),
            Column.<OffsetRow>int4("partition", OffsetRow::partition).key(),
            Column.<OffsetRow>int8("expected", OffsetRow::expected).expected(),
            Column.<OffsetRow>int8("next_offset", OffsetRow::next).updated(),
            Column.<OffsetRow>writeTime("updated_at").updated()));

    /** Opened accounts, from their OpenAccount results; inserted once. */
    static final Table<TransferResult> ACCOUNTS = Table.insertOnce("accounts", List.of(
            text("account_id", TransferResult::getSourceAccountId),
            text("currency", TransferResult::getCurrency),
            text("kind", result -> result.getAccountKind().name()),
            epochMillis("opened_at", TransferResult::getDecidedAt)));

    /** The journal: append-only, each entry inserted once by {@code (account_id, account_version)}. */
    static final Table<LedgerEntry> LEDGER_ENTRIES = Table.insertOnce("ledger_entries", List.of(
            text("account_id", LedgerEntry::getAccountId),
            int8("account_version", LedgerEntry::getAccountVersion),
            int8("amount_minor", LedgerEntry::getAmountMinor),
            text("currency", LedgerEntry::getCurrency),
            int8("balance_after_minor", LedgerEntry::getBalanceAfterMinor),
            text("transfer_id", LedgerEntry::getTransferId),
            text("source_account_id", LedgerEntry::getSourceAccountId),
            text("counterparty_account_id", LedgerEntry::getCounterpartyAccountId),
            text("leg", entry -> entry.getLeg().name()),
            int4("cause_partition", LedgerEntry::getCausePartition),
            int8("cause_offset", LedgerEntry::getCauseOffset),
            epochMillis("requested_at", LedgerEntry::getRequestedAt),
            epochMillis("applied_at", LedgerEntry::getAppliedAt),
            int8("pending_change_minor", LedgerEntry::getPendingChangeMinor),
            int8("pending_debits_after_minor", LedgerEntry::getPendingDebitsAfterMinor),
            text("hold_id", LedgerEntry::getHoldId)));

    /** The latest balance per account, from its latest entry; moved only to a higher version (compare-and-swap, never read-modify-write). */
    static final Table<LedgerEntry> ACCOUNT_BALANCES = Table.upsertForward("account_balances",
            "account_balances.version < EXCLUDED.version", List.of(
                    Column.<LedgerEntry>text("account_id", LedgerEntry::getAccountId).key(),
                    text("currency", LedgerEntry::getCurrency),
                    Column.<LedgerEntry>int8("balance_minor", LedgerEntry::getBalanceAfterMinor).updated(),
                    Column.<LedgerEntry>int8("version", LedgerEntry::getAccountVersion).updated(),
                    Column.<LedgerEntry>epochMillis("updated_at", LedgerEntry::getAppliedAt).updated(),
                    Column.<LedgerEntry>int8("pending_debits_minor", LedgerEntry::getPendingDebitsAfterMinor).updated()));

    /** One row per transfer; its status only moves forward, out of the in-flight state ({@code DEBITED}) to a final one. */
    static final Table<TransferRow> TRANSFERS = Table.upsertForward("transfers",
            "transfers.status = '" + stored(TransferStatus.DEBITED) + "' AND EXCLUDED.status <> '"
                    + stored(TransferStatus.DEBITED) + "'", List.of(
                    Column.<TransferRow>text("source_account_id", TransferRow::sourceAccountId).key(),
                    Column.<TransferRow>text("transfer_id", TransferRow::transferId).key(),
                    text("destination_account_id", TransferRow::destinationAccountId),
                    int8("amount_minor", TransferRow::amountMinor),
                    text("currency", TransferRow::currency),
                    Column.<TransferRow>text("status", row -> stored(row.status())).updated(),
                    Column.<TransferRow>text("reason", TransferRow::reason).updated(),
                    Column.<TransferRow>text("reason_detail", TransferRow::reasonDetail).updated(),
                    epochMillis("requested_at", TransferRow::requestedAt),
                    Column.<TransferRow>writeTime("updated_at").updated()));

    /** One row per hold; its status only moves forward, once, out of {@code HELD} (V5, V6). */
    static final Table<HoldRow> HOLDS = Table.upsertForward("holds",
            "holds.status = 'HELD' AND EXCLUDED.status <> 'HELD'", List.of(
                    Column.<HoldRow>text("source_account_id", HoldRow::sourceAccountId).key(),
                    Column.<HoldRow>text("hold_id", HoldRow::holdId).key(),
                    text("destination_account_id", HoldRow::destinationAccountId),
                    int8("amount_minor", HoldRow::amountMinor),
                    text("currency", HoldRow::currency),
                    Column.<HoldRow>text("status", row -> row.status().name()).updated(),
                    Column.<HoldRow>int8("posted_amount_minor", HoldRow::postedAmountMinor).updated(),
                    epochMillis("requested_at", HoldRow::requestedAt),
                    Column.<HoldRow>writeTime("updated_at").updated(),
                    epochMillis("placed_at", HoldRow::placedAt)));

    private ProjectionTables() {
    }

    /**
     * The tables a replay of the topics rebuilds, in the order {@code payments rebuild} compares them,
     * each with the columns a replay must give the same values ({@link Table#recordColumns}).
     */
    public static Map<String, List<String>> replayedColumns() {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (Table<?> table : List.of(ACCOUNTS, LEDGER_ENTRIES, ACCOUNT_BALANCES, TRANSFERS, HOLDS)) {
            tables.put(table.name(), table.recordColumns());
        }
        return tables;
    }

    /**
     * A status as {@code transfers.status} holds it. The in-flight state is {@code DEBITED} in the
     * code and the processor's store, but V1 stores it as {@code 'PENDING'}, the value users' queries
     * and the dashboard read; renaming it takes a migration (docs/operations.md, "The PostgreSQL sink").
     */
    static String stored(TransferStatus status) {
        return switch (status) {
            case DEBITED -> "PENDING";
            case COMPLETED, REVERSED, REJECTED -> status.name();
        };
    }
}
