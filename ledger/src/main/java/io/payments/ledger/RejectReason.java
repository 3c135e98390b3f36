package io.payments.ledger;

/**
 * Why a request was rejected (nothing moved) or a transfer reversed (debited, then refunded). One
 * code per failure mode, named for the rule broken.
 *
 * <p>The constants are in a transfer's order of precedence: a request that breaks several rules
 * gets the reason of the first one {@link LedgerRules#decideTransfer} checks. Grouped:
 * <ol>
 *   <li><b>The envelope</b> (answered, not remembered): INVALID_FIELD for transferId,
 *       sourceAccountId, then the record key; WRONG_PARTITION; INVALID_FIELD for requestedAt.
 *       INVALID_FIELD therefore sits both before and after WRONG_PARTITION.</li>
 *   <li><b>The request's content</b>: INVALID_FIELD for destinationAccountId, currency, metadata
 *       (a third position, after the envelope); ID_REUSED_WITH_DIFFERENT_CONTENT;
 *       NON_POSITIVE_AMOUNT; SAME_ACCOUNT. A retry with the same content is answered with its
 *       original outcome after the envelope and before these.</li>
 *   <li><b>The source's state</b>: UNKNOWN_SOURCE_ACCOUNT, CURRENCY_MISMATCH, AMOUNT_OVERFLOW,
 *       INSUFFICIENT_FUNDS.</li>
 *   <li><b>The destination's state</b>, on its own partition when the credit leg arrives
 *       ({@link LedgerRules#decideCredit}), each reversing the transfer: UNKNOWN_DESTINATION_ACCOUNT,
 *       then CURRENCY_MISMATCH and AMOUNT_OVERFLOW a second time, for the destination.</li>
 *   <li><b>OpenAccount's own reason</b>: ACCOUNT_ALREADY_EXISTS. An OpenAccount is checked
 *       in the same order with its own fields ({@link LedgerRules#decideOpenAccount}): INVALID_FIELD
 *       (requestId, accountId, key), WRONG_PARTITION, INVALID_FIELD (requestedAt), INVALID_FIELD
 *       (currency, kind), ID_REUSED_WITH_DIFFERENT_CONTENT, ACCOUNT_ALREADY_EXISTS.</li>
 *   <li><b>The hold's own reasons</b>, last. A PlaceHold is checked exactly as a transfer, with
 *       INVALID_FIELD for timeoutSeconds after metadata, and AMOUNT_OVERFLOW and INSUFFICIENT_FUNDS
 *       for its pending debits and available balance ({@link LedgerRules#decidePlaceHold}). A
 *       PostHold and a VoidHold: INVALID_FIELD (postId or voidId, sourceAccountId, key),
 *       WRONG_PARTITION, INVALID_FIELD (requestedAt), INVALID_FIELD (holdId),
 *       ID_REUSED_WITH_DIFFERENT_CONTENT, NON_POSITIVE_AMOUNT (a post's amount), then the hold:
 *       PENDING_TRANSFER_NOT_FOUND, PENDING_TRANSFER_ALREADY_POSTED, PENDING_TRANSFER_ALREADY_VOIDED,
 *       PENDING_TRANSFER_EXPIRED, EXCEEDS_PENDING_AMOUNT (a post's amount); the destination's
 *       reasons follow a post's credit leg as a transfer's.</li>
 * </ol>
 * This is the ledger's order only: the wire's enum ({@code io.payments.avro.RejectReason}) keeps
 * its symbols in the order they were added, because an Avro enum is encoded by position. The two
 * are mapped by name.
 */
public enum RejectReason {
    /** A field is missing or malformed; the detail names the field and what is expected. */
    INVALID_FIELD,
    /**
     * The command sits on another partition than its key's (murmur2 of the key bytes modulo the
     * partition count, as Kafka's Java producer computes it), where its account's state does not
     * live: a librdkafka client's default partitioner, an explicit partition, or partitions added
     * later. Nothing is decided against that partition's state or remembered; the detail names the
     * right partition.
     */
    WRONG_PARTITION,
    /** The id was already used from this account for a request with other content; the original stands. */
    ID_REUSED_WITH_DIFFERENT_CONTENT,
    /** The amount is zero or negative. */
    NON_POSITIVE_AMOUNT,
    /** Source and destination are the same account. */
    SAME_ACCOUNT,
    /** The transfer's source account was never opened. */
    UNKNOWN_SOURCE_ACCOUNT,
    /** The request's currency is not the account's (source: REJECTED; destination: REVERSED). */
    CURRENCY_MISMATCH,
    /** The new balance would leave the signed 64-bit range of minor units (source: REJECTED; destination: REVERSED). */
    AMOUNT_OVERFLOW,
    /** A customer account's balance is below the amount: it may not go below zero. */
    INSUFFICIENT_FUNDS,
    /** The destination account was never opened: found at the credit, so the transfer is REVERSED. */
    UNKNOWN_DESTINATION_ACCOUNT,
    /** An OpenAccount for an account id that is already open. */
    ACCOUNT_ALREADY_EXISTS,
    /** A post or void names a hold its source does not have (never placed, or ended and forgotten after the retention). */
    PENDING_TRANSFER_NOT_FOUND,
    /** A post or void names a hold that was already posted. */
    PENDING_TRANSFER_ALREADY_POSTED,
    /** A post or void names a hold that was already voided. */
    PENDING_TRANSFER_ALREADY_VOIDED,
    /** A post or void names a hold that expired, or arrives (broker time) at or after the hold's deadline. */
    PENDING_TRANSFER_EXPIRED,
    /** A post's amount is more than the hold's. */
    EXCEEDS_PENDING_AMOUNT
}
