package io.payments.ledger;

/** The legs of a transfer, each one ledger entry on one account. */
public enum Leg {
    /** The amount taken from the source. */
    DEBIT,
    /** The amount given to the destination. */
    CREDIT,
    /** The amount given back to the source when the credit could not be applied. */
    REFUND
}
