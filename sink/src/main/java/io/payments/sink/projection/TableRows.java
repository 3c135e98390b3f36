package io.payments.sink.projection;

import io.payments.avro.LedgerEntry;
import io.payments.avro.Leg;
import io.payments.avro.Outcome;
import io.payments.avro.RequestType;
import io.payments.avro.TransferResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows a batch writes into each table, derived from its records alone (no database): which
 * records make rows, a transfer's status, one balance per account. Every list is sorted by its
 * table's key, so that two writers meeting on the same rows lock them in the same order instead of
 * deadlocking. The tables themselves only move rows forward (docs/operations.md, "The PostgreSQL sink"); these
 * rules decide what a batch proposes.
 */
public record TableRows(List<OffsetRow> offsets, List<TransferResult> openedAccounts, List<LedgerEntry> entries,
                        List<LedgerEntry> balances, List<TransferRow> transfers, List<HoldRow> holds) {

    /** @throws IllegalArgumentException for a recorded transfer result with outcome UNKNOWN (a bug, see {@link TransferRow#status}) */
    public static TableRows of(RecordBatch batch) {
        return new TableRows(offsets(batch), openedAccounts(batch.results()), entries(batch.entries()),
                balances(batch.entries()), transfers(batch.entries(), batch.results()), holds(batch.entries()));
    }

    /**
     * Whether a result gives its transfer's final status: a transfer's (or a post's, which moves
     * money as a transfer does) result recorded under its id, and not a retry's duplicate of it. A result not recorded (an invalid id, an id reused with other
     * content) speaks of a request that is not the transfer with that id, so it must not touch its row.
     */
    public static boolean decidesTransfer(TransferResult result) {
        return (result.getRequestType() == RequestType.TRANSFER || result.getRequestType() == RequestType.POST_HOLD)
                && result.getRecorded() && !result.getDuplicate();
    }

    static List<OffsetRow> offsets(RecordBatch batch) {
        List<OffsetRow> rows = new ArrayList<>(batch.offsets().size());
        batch.offsets().forEach((partition, move) ->
                rows.add(new OffsetRow(partition.topic(), partition.partition(), move.expected(), move.next())));
        return rows;
    }

    /** Accounts the results open: completed OpenAccount results that are not a retry's duplicate and name the kind (NOT NULL in {@code accounts}). */
    static List<TransferResult> openedAccounts(List<TransferResult> results) {
        return results.stream()
                .filter(r -> r.getRequestType() == RequestType.OPEN_ACCOUNT && r.getOutcome() == Outcome.COMPLETED
                        && !r.getDuplicate() && r.getAccountKind() != null)
                .sorted(Comparator.comparing(TransferResult::getSourceAccountId))
                .toList();
    }

    /** Every entry, by account and version. */
    static List<LedgerEntry> entries(List<LedgerEntry> entries) {
        List<LedgerEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(LedgerEntry::getAccountId).thenComparingLong(LedgerEntry::getAccountVersion));
        return sorted;
    }

    /**
     * The entry of each account with the batch's highest version, by account: one row per account,
     * since an {@code ON CONFLICT} statement cannot touch the same row twice.
     */
    static List<LedgerEntry> balances(List<LedgerEntry> entries) {
        Map<String, LedgerEntry> latest = new TreeMap<>();
        for (LedgerEntry entry : entries) {
            latest.merge(entry.getAccountId(), entry, (a, b) -> a.getAccountVersion() >= b.getAccountVersion() ? a : b);
        }
        return List.copyOf(latest.values());
    }

    /**
     * One row per transfer the batch touches: {@code DEBITED} from its debit (the first, should a
     * batch hold two), replaced by the status its result decides ({@link #decidesTransfer}), which
     * wins within a batch whatever the order the two topics were read in.
     */
    static List<TransferRow> transfers(List<LedgerEntry> entries, List<TransferResult> results) {
        Map<TransferKey, TransferRow> rows = new HashMap<>();
        for (LedgerEntry entry : entries) {
            if (entry.getLeg() == Leg.DEBIT) {
                rows.putIfAbsent(new TransferKey(entry.getSourceAccountId(), entry.getTransferId()), TransferRow.debited(entry));
            }
        }
        for (TransferResult result : results) {
            if (decidesTransfer(result)) {
                rows.put(new TransferKey(result.getSourceAccountId(), result.getTransferId()), TransferRow.decided(result));
            }
        }
        List<TransferRow> sorted = new ArrayList<>(rows.values());
        sorted.sort(TransferRow.BY_KEY);
        return sorted;
    }

    /** One row per hold the batch's entries place or end ({@link HoldRow#of}), the ending winning within a batch. */
    static List<HoldRow> holds(List<LedgerEntry> entries) {
        Map<TransferKey, HoldRow> rows = new HashMap<>();
        for (LedgerEntry entry : entries) {
            HoldRow row = HoldRow.of(entry);
            if (row != null) {
                rows.merge(new TransferKey(row.sourceAccountId(), row.holdId()), row, HoldRow::merge);
            }
        }
        List<HoldRow> sorted = new ArrayList<>(rows.values());
        sorted.sort(HoldRow.BY_KEY);
        return sorted;
    }

    /** A transfer's (or hold's) identity: its id is scoped to its source account. */
    private record TransferKey(String sourceAccountId, String transferId) {
    }
}
