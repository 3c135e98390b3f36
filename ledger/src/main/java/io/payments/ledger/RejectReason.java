package io.payments.ledger;

/**
 * Why a request was rejected (nothing moved) or a transfer reversed (debited, then refunded).
 * One code per failure mode; the order of checks is documented on {@link LedgerRules}.
 */
public enum RejectReason {
    /** The transfer's source account (or the account a request acts on) was never opened. */
    UNKNOWN_SOURCE_ACCOUNT,
    /** The destination account was never opened: found at the credit, so the transfer is REVERSED. */
    UNKNOWN_DESTINATION_ACCOUNT,
    /** An OpenAccount for an account id that is already open. */
    ACCOUNT_ALREADY_EXISTS,
    /** A customer account's balance is below the amount: it may not go below zero. */
    INSUFFICIENT_FUNDS,
    /** The request's currency is not the account's (source: REJECTED; destination: REVERSED). */
    CURRENCY_MISMATCH,
    /** The amount is zero or negative. */
    NON_POSITIVE_AMOUNT,
    /** The new balance would not fit in a signed 64-bit number of minor units. */
    AMOUNT_OVERFLOW,
    /** Source and destination are the same account. */
    SAME_ACCOUNT,
    /** The transfer id was already used from this source account for a request with other content. */
    ID_REUSED_WITH_DIFFERENT_CONTENT,
    /** A field is missing or malformed; the detail names the field and what is expected. */
    INVALID_FIELD,
    /**
     * The command sits on another partition than its key's (murmur2 of the key bytes modulo the
     * partition count, as Kafka's Java producer computes it), where its account's state does not
     * live: a librdkafka client's default partitioner, an explicit partition, or partitions added
     * later. Nothing is read or remembered; the detail names the right partition.
     */
    WRONG_PARTITION
}
