package io.payments.sink.projection;

import io.payments.avro.LedgerEntry;
import io.payments.avro.Outcome;
import io.payments.avro.TransferResult;
import io.payments.avro.TransferStatus;
import java.util.Comparator;

/**
 * A row of {@code transfers}: one per transfer, keyed by its source account and id. Its status is
 * the processor's {@link TransferStatus}: {@code DEBITED} from the debit until the recorded result
 * gives the final one (docs/operations.md, "The PostgreSQL sink").
 */
public record TransferRow(String sourceAccountId, String transferId, String destinationAccountId, long amountMinor,
                          String currency, TransferStatus status, String reason, String reasonDetail, long requestedAt) {

    /** The key's order, which every writer locks rows in. */
    static final Comparator<TransferRow> BY_KEY = Comparator.comparing(TransferRow::sourceAccountId)
            .thenComparing(TransferRow::transferId);

    /** The transfer as its debit shows it: in flight, the amount as requested (the entry's is negative). */
    static TransferRow debited(LedgerEntry debit) {
        return new TransferRow(debit.getSourceAccountId(), debit.getTransferId(), debit.getCounterpartyAccountId(),
                -debit.getAmountMinor(), debit.getCurrency(), TransferStatus.DEBITED, null, null, debit.getRequestedAt());
    }

    /** The transfer as its result decides it. */
    static TransferRow decided(TransferResult result) {
        return new TransferRow(result.getSourceAccountId(), result.getTransferId(), result.getDestinationAccountId(),
                result.getAmountMinor(), result.getCurrency(), status(result.getOutcome()),
                result.getReason() == null ? null : result.getReason().name(), result.getReasonDetail(),
                result.getRequestedAt());
    }

    /**
     * @throws IllegalArgumentException for {@code UNKNOWN}, which the processor never writes and the
     *                                  sink's decoder (without enum defaults) never yields, and for
     *                                  {@code HELD}, a hold's, which {@link TableRows#decidesTransfer}
     *                                  keeps out: a bug
     */
    static TransferStatus status(Outcome outcome) {
        return switch (outcome) {
            case COMPLETED -> TransferStatus.COMPLETED;
            case REVERSED -> TransferStatus.REVERSED;
            case REJECTED -> TransferStatus.REJECTED;
            case UNKNOWN, HELD -> throw new IllegalArgumentException("a transfer result with outcome " + outcome
                    + " has no transfer status");
        };
    }
}
