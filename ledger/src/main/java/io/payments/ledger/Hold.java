package io.payments.ledger;

import java.util.Map;

/**
 * A hold as its source's task keeps it: the amount reserved from the source for the destination,
 * until its deadline, and how it ended. A hold ends once: POSTED, VOIDED or EXPIRED.
 *
 * @param deadline     the broker time (LogAppendTime of the hold's command plus its timeout,
 *                     milliseconds since the Unix epoch) from which it is expired;
 *                     {@link #NO_DEADLINE} for a hold without a timeout
 * @param postedAmount minor units posted: 0 unless POSTED
 */
public record Hold(String holdId, String sourceAccountId, String destinationAccountId, long amount, String currency,
                   long deadline, Status status, long postedAmount, Map<String, String> metadata) {

    /** The deadline of a hold without a timeout: it stays open until posted or voided. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    public Hold {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** Where a hold stands. */
    public enum Status {
        /** Open: its amount counts in the source's pending debits. */
        HELD,
        /** Posted (in part or whole): the posted amount was debited, the rest released. */
        POSTED,
        /** Voided: the whole amount released. */
        VOIDED,
        /** Expired at its deadline: the whole amount released. */
        EXPIRED
    }

    /** Whether the hold is past its deadline at broker time {@code at}. */
    public boolean pastDeadline(long at) {
        return at >= deadline;
    }

    Hold ended(Status ending, long posted) {
        return new Hold(holdId, sourceAccountId, destinationAccountId, amount, currency, deadline, ending, posted, metadata);
    }
}
