package io.payments.ledger;

import io.payments.ledger.Decision.Rejected;
import java.time.Instant;

/**
 * What a request arrived in, as the processor found it outside the ledger: the record's key,
 * whether the record sits on its key's partition, the request's own {@code requestedAt} and the
 * broker's time of the record. With the request's id and account id, this is the request's
 * envelope, checked before anything else: a request whose envelope is refused is answered but its
 * id is not remembered, since an invalid id cannot be remembered, and a misplaced or mistimed
 * request may still come again correctly.
 *
 * @param key            the record key, as read; null when the record had none
 * @param wrongPartition null when the record is on the partition its key maps to; otherwise why
 *                       not (which partition it is on, which it belongs on), the detail of the
 *                       WRONG_PARTITION rejection
 * @param requestedAt    the request's {@code requestedAt}: the client's clock, milliseconds since
 *                       the Unix epoch
 * @param receivedAt     the broker's time of the record (its LogAppendTime), milliseconds since the
 *                       Unix epoch
 */
public record Envelope(String key, String wrongPartition, long requestedAt, long receivedAt) {

    /** The earliest {@code requestedAt} accepted: 2000-01-01T00:00:00Z, in milliseconds since the Unix epoch. */
    public static final long EARLIEST_REQUESTED_AT = 946_684_800_000L;
    /** How far {@code requestedAt} may lie after the broker's time of the command: 24 hours, in milliseconds. */
    public static final long MAX_REQUESTED_AT_LEAD = 24 * 3_600_000L;

    /**
     * Whether {@code requestedAt} is plausible: from {@link #EARLIEST_REQUESTED_AT} to
     * {@link #MAX_REQUESTED_AT_LEAD} after {@code receivedAt}. The field is for latency and audit
     * only, but the projection stores it as a timestamp, and a value millennia away is a client's
     * bug, not a time.
     */
    public boolean requestedAtPlausible() {
        // requestedAt is at least the year 2000 when the second test runs, so subtracting the lead
        // cannot leave the 64-bit range.
        return requestedAt >= EARLIEST_REQUESTED_AT && requestedAt - MAX_REQUESTED_AT_LEAD <= receivedAt;
    }

    /** The time a result carries: {@code requestedAt} when plausible, else the broker's time stands in for it. */
    public long requestedAtOrReceived() {
        return requestedAtPlausible() ? requestedAt : receivedAt;
    }

    /**
     * The envelope's checks, in their order: INVALID_FIELD for the request's id, then its account
     * id ({@link LedgerRules#isValidId}), then a key other than the account; WRONG_PARTITION;
     * INVALID_FIELD for requestedAt. Rejections here are not recorded.
     *
     * @return the first rejection that applies, or null when the envelope is sound
     */
    Rejected problem(String idField, String id, String accountField, String accountId) {
        Rejected invalidId = Validation.firstInvalidId(idField, id, accountField, accountId);
        if (invalidId != null) {
            return invalidId.unrecorded();
        }
        if (!accountId.equals(key)) {
            return new Rejected(RejectReason.INVALID_FIELD, "key: the record key " + (key == null ? "is missing"
                    : "\"" + Echo.cut(key) + "\" differs") + "; it must be the account the command acts on, \""
                    + accountId + "\", so the command reaches the partition that holds the account", null, false);
        }
        if (wrongPartition != null) {
            return new Rejected(RejectReason.WRONG_PARTITION, wrongPartition, null, false);
        }
        return requestedAtPlausible() ? null : requestedAtProblem();
    }

    /** INVALID_FIELD naming requestedAt, what it is and the window it must lie in; not recorded. */
    Rejected requestedAtProblem() {
        boolean tooEarly = requestedAt < EARLIEST_REQUESTED_AT;
        return new Rejected(RejectReason.INVALID_FIELD, "requestedAt: " + requestedAt + " ("
                + Instant.ofEpochMilli(requestedAt) + ") is " + (tooEarly ? "before " + Instant.ofEpochMilli(EARLIEST_REQUESTED_AT)
                : "more than 24 hours after the broker received the command (" + Instant.ofEpochMilli(receivedAt) + ")")
                + "; it must be the request's time in milliseconds since the Unix epoch (UTC)", null, false);
    }
}
