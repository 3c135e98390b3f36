package io.payments.ledger;

/**
 * The whole result of deciding one command against the state it acts on: what to write, and
 * nothing more to check. Each command has its own sealed set of decisions, so the code that writes
 * them handles every kind a command can come to, and a new command (a hold, a post, a void) adds
 * its own set next to these.
 */
public sealed interface Decision {

    /** What a transfer request comes to on its source's task: {@link LedgerRules#decideTransfer}. */
    sealed interface OfTransfer extends Decision permits Rejected, Debited, Duplicate, Probe {
    }

    /** What an OpenAccount comes to on its account's task: {@link LedgerRules#decideOpenAccount}. */
    sealed interface OfOpenAccount extends Decision permits Rejected, Opened, Duplicate {
    }

    /** What a PlaceHold comes to on its source's task: {@link LedgerRules#decidePlaceHold}. */
    sealed interface OfPlaceHold extends Decision permits Rejected, Held, Duplicate {
    }

    /** What a PostHold comes to on its source's task: {@link LedgerRules#decidePostHold}. */
    sealed interface OfPostHold extends Decision permits Rejected, Posted, Duplicate, Probe {
    }

    /** What a VoidHold comes to on its source's task: {@link LedgerRules#decideVoidHold}. */
    sealed interface OfVoidHold extends Decision permits Rejected, Voided, Duplicate {
    }

    /** What a hold's expiry record comes to on its source's task: {@link LedgerRules#decideExpiry}. */
    sealed interface OfExpiry extends Decision permits Expired, NotExpired {
    }

    /** What a credit leg comes to on its destination's task: {@link LedgerRules#decideCredit}. */
    sealed interface OfCredit extends Decision permits Credited, CreditRefused {
    }

    /**
     * Nothing moved. {@code observed} is the state the decision was made against (null when the
     * account is unknown or the request was refused before any state was read), so an audit can
     * re-check it later. {@code recorded}: whether the request is remembered under its id as
     * rejected, so a retry gets this rejection again; not when its envelope was refused (see
     * {@link Envelope}) or its id is remembered for another request, which stands.
     */
    record Rejected(RejectReason reason, String detail, Account observed, boolean recorded)
            implements OfTransfer, OfOpenAccount, OfPlaceHold, OfPostHold, OfVoidHold {

        /** The same rejection, not remembered under the request's id. */
        Rejected unrecorded() {
            return new Rejected(reason, detail, observed, false);
        }
    }

    /** The same request again, with its final outcome remembered: answer with that outcome, as a duplicate. */
    record Duplicate() implements OfTransfer, OfOpenAccount, OfPlaceHold, OfPostHold, OfVoidHold {
    }

    /**
     * The same transfer (or post) request again while it is between its legs: ask the
     * destination's task (a retry probe, which follows the credit there and brings back any refund
     * before it) and answer when the probe's echo comes back.
     */
    record Probe() implements OfTransfer, OfPostHold {
    }

    /** A new account. */
    record Opened(Account account) implements OfOpenAccount {
    }

    /** The source was debited; the credit leg goes to the destination. */
    record Debited(Account source, Entry entry) implements OfTransfer {
    }

    /** A hold placed: the source's new state (pending debits grown), its HOLD entry, and the hold, HELD. */
    record Held(Account source, Entry entry, Hold hold) implements OfPlaceHold {
    }

    /**
     * A hold posted: the source debited by the posted amount and relieved of the whole hold (one
     * DEBIT entry carrying both changes), the hold POSTED; the credit leg goes to the destination.
     */
    record Posted(Account source, Entry entry, Hold hold) implements OfPostHold {
    }

    /** A hold voided: its amount released (a RELEASE entry), the hold VOIDED. */
    record Voided(Account source, Entry entry, Hold hold) implements OfVoidHold {
    }

    /** A hold expired: its amount released (an EXPIRY entry), the hold EXPIRED. */
    record Expired(Account source, Entry entry, Hold hold) implements OfExpiry {
    }

    /** An expiry record that changes nothing: the hold has ended, or its deadline has not come at the record's time. */
    record NotExpired(String why) implements OfExpiry {
    }

    /** The destination was credited: the transfer is COMPLETED. */
    record Credited(Account destination, Entry entry) implements OfCredit {
    }

    /** The destination cannot take the credit: the amount is refunded and the transfer REVERSED. */
    record CreditRefused(RejectReason reason, String detail) implements OfCredit {
    }

    /** The source got the amount back: the transfer is REVERSED. */
    record Refunded(Account source, Entry entry) implements Decision {
    }
}
