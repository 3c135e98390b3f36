package io.payments.ledger;

/** The kinds of ledger entry: the legs of a transfer or a post, and the changes of a hold, each on one account. */
public enum Leg {
    /** The amount taken from the source (by a transfer, or by a post, which also releases its hold). */
    DEBIT,
    /** The amount given to the destination. */
    CREDIT,
    /** The amount given back to the source when the credit could not be applied. */
    REFUND,
    /** A hold placed: the source's pending debits grow by its amount; the posted balance does not change. */
    HOLD,
    /** A hold voided: its amount leaves the pending debits. */
    RELEASE,
    /** A hold expired at its deadline: its amount leaves the pending debits. */
    EXPIRY
}
