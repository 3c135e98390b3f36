package io.payments.sink.projection;

import io.payments.avro.HoldStatus;
import io.payments.avro.LedgerEntry;
import java.util.Comparator;

/**
 * A row of {@code holds}: one per hold, keyed by its source account and hold id, from the entries
 * that place and end it. Its status moves forward once, HELD to POSTED, VOIDED or EXPIRED
 * (docs/ledger-rules.md, "Holds").
 *
 * @param amountMinor       the held amount in minor units
 * @param postedAmountMinor the posted amount in minor units; 0 unless POSTED
 * @param requestedAt       the PlaceHold's requestedAt, milliseconds since the Unix epoch (the producer's clock)
 * @param placedAt          when the processor placed the hold: its HOLD entry's appliedAt, milliseconds
 *                          since the Unix epoch (the age of open holds is measured from it)
 */
public record HoldRow(String sourceAccountId, String holdId, String destinationAccountId, long amountMinor,
                      String currency, HoldStatus status, long postedAmountMinor, long requestedAt, long placedAt) {

    /** The key's order, which every writer locks rows in. */
    static final Comparator<HoldRow> BY_KEY = Comparator.comparing(HoldRow::sourceAccountId)
            .thenComparing(HoldRow::holdId);

    /**
     * The hold as an entry of its shows it, or null for an entry that places or ends none: a HOLD
     * entry places it (HELD); a DEBIT with a hold id posts it, a RELEASE voids it, an EXPIRY expires
     * it, each releasing the whole held amount ({@code -pendingChangeMinor}).
     */
    static HoldRow of(LedgerEntry entry) {
        if (entry.getHoldId() == null) {
            return null;
        }
        return switch (entry.getLeg()) {
            case HOLD -> row(entry, HoldStatus.HELD, entry.getPendingChangeMinor(), 0);
            case DEBIT -> row(entry, HoldStatus.POSTED, -entry.getPendingChangeMinor(), -entry.getAmountMinor());
            case RELEASE -> row(entry, HoldStatus.VOIDED, -entry.getPendingChangeMinor(), 0);
            case EXPIRY -> row(entry, HoldStatus.EXPIRED, -entry.getPendingChangeMinor(), 0);
            case CREDIT, REFUND, UNKNOWN -> null;
        };
    }

    private static HoldRow row(LedgerEntry entry, HoldStatus status, long held, long posted) {
        return new HoldRow(entry.getSourceAccountId(), entry.getHoldId(), entry.getCounterpartyAccountId(), held,
                entry.getCurrency(), status, posted, entry.getRequestedAt(), entry.getAppliedAt());
    }

    /**
     * The row a batch writes when it holds two entries of one hold: the ending, with the placing's
     * requestedAt and placedAt (an ending entry carries its own command's times). An ending alone
     * meets a row its placing wrote, whose times stay.
     */
    HoldRow merge(HoldRow other) {
        HoldRow placed = status == HoldStatus.HELD ? this : other;
        HoldRow ended = status == HoldStatus.HELD ? other : this;
        return new HoldRow(ended.sourceAccountId, ended.holdId, ended.destinationAccountId, ended.amountMinor,
                ended.currency, ended.status, ended.postedAmountMinor, placed.requestedAt, placed.placedAt);
    }
}
