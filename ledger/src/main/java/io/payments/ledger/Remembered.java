package io.payments.ledger;

import io.payments.ledger.Command.OpenAccount;
import io.payments.ledger.Command.PlaceHold;
import io.payments.ledger.Command.PostHold;
import io.payments.ledger.Command.Request;
import io.payments.ledger.Command.Transfer;
import io.payments.ledger.Command.VoidHold;
import io.payments.ledger.Decision.Rejected;

/**
 * What the task of a request's account remembers about the request's id, for the id's retention:
 * the request first seen with it and where that request stands. A retry with the same content is
 * answered with the original outcome; the same id with other content is rejected
 * (ID_REUSED_WITH_DIFFERENT_CONTENT), as TigerBeetle's {@code exists} and
 * {@code exists_with_different_*} results do.
 *
 * @param request the request first seen with the id, as it was stored: echoed ({@link Request#echoed})
 *                when it was rejected; null when it is of a kind this release does not know (then
 *                no request of this release is a retry of it)
 * @param status  where the request stands
 */
public record Remembered(Request request, Status status) {

    /** Where a remembered request stands, as far as its account's task knows. */
    public enum Status {
        /** A transfer whose source was debited; the destination's task decides COMPLETED or REVERSED. */
        DEBITED,
        /** A transfer credited to its destination, an account opened, a hold placed (whatever became of it since), or a void done. */
        COMPLETED,
        /** A transfer refunded to its source. */
        REVERSED,
        /** Rejected: nothing moved. */
        REJECTED
    }

    /**
     * The key a request's id is remembered by: the request id, a separator no valid id contains
     * (U+0000), then the account. The id comes first: ids that increase over time (ULIDs, UUIDv7,
     * sequence numbers) then sort next to the previous insert in a sorted store, which appends them
     * instead of searching (in the processor's RocksDB store, a third of an insert's cost in
     * profiles). Random ids cost what they would in any key order.
     */
    public static String key(String accountId, String requestId) {
        return requestId + '\u0000' + accountId;
    }

    /** Whether the request is this one again: the same content, compared as stored (echoed if rejected). */
    boolean isRetryOf(Request again) {
        return request != null && request.equals(status == Status.REJECTED ? again.echoed() : again);
    }

    /** Whether the request's transfer is between its legs, so a retry must ask the destination's task first. */
    boolean inFlight() {
        return status == Status.DEBITED;
    }

    /**
     * ID_REUSED_WITH_DIFFERENT_CONTENT for a request that is not a retry of this one; not recorded,
     * since the original stands.
     *
     * @param observed the state of the account the request acts on, which the rejection reports
     */
    Rejected reusedBy(Request again, Account observed) {
        return new Rejected(RejectReason.ID_REUSED_WITH_DIFFERENT_CONTENT, "id " + again.requestId()
                + " was first used from " + again.accountId() + " for another request (" + described() + ")", observed,
                false);
    }

    private String described() {
        if (request instanceof Transfer transfer) {
            return "TRANSFER of " + transfer.amount() + " " + transfer.currency()
                    + (transfer.destinationAccountId() == null ? "" : " to " + transfer.destinationAccountId());
        }
        if (request instanceof OpenAccount open) {
            return "OPEN_ACCOUNT of 0 " + open.currency();
        }
        if (request instanceof PlaceHold hold) {
            return "HOLD of " + hold.amount() + " " + hold.currency() + " for " + hold.destinationAccountId();
        }
        if (request instanceof PostHold post) {
            return "POST of " + (post.amount() == null ? "all" : post.amount()) + " of hold " + post.holdId();
        }
        if (request instanceof VoidHold voided) {
            return "VOID of hold " + voided.holdId();
        }
        return "of a kind this release does not know";
    }
}
