package io.payments.ledger;

import io.payments.ledger.Command.CreditLeg;
import io.payments.ledger.Command.OpenAccount;
import io.payments.ledger.Command.PlaceHold;
import io.payments.ledger.Command.PostHold;
import io.payments.ledger.Command.RefundLeg;
import io.payments.ledger.Command.Transfer;
import io.payments.ledger.Command.VoidHold;
import io.payments.ledger.Decision.CreditRefused;
import io.payments.ledger.Decision.Credited;
import io.payments.ledger.Decision.Debited;
import io.payments.ledger.Decision.Duplicate;
import io.payments.ledger.Decision.Expired;
import io.payments.ledger.Decision.Held;
import io.payments.ledger.Decision.NotExpired;
import io.payments.ledger.Decision.Opened;
import io.payments.ledger.Decision.Posted;
import io.payments.ledger.Decision.Probe;
import io.payments.ledger.Decision.Refunded;
import io.payments.ledger.Decision.Rejected;
import io.payments.ledger.Decision.Voided;
import java.time.Instant;

/**
 * The ledger's decisions: for each command one pure function of the command, the state of the one
 * account it acts on, what is remembered about its id, and what the processor found about the
 * record it came in ({@link Envelope}). Each returns the whole decision, idempotency included, and
 * checks its rules one line each in the order of {@link RejectReason}, as TigerBeetle's
 * {@code create_transfer} does: a request gets the reason of the first rule it breaks.
 */
public final class LedgerRules {

    /** Longest id (account, transfer, request) in characters. */
    public static final int MAX_ID_LENGTH = 64;
    /** Most entries a transfer's metadata may have: it is carried to the result and stored with it. */
    public static final int MAX_METADATA_ENTRIES = 16;
    /** Longest metadata key in characters (at least 1). */
    public static final int MAX_METADATA_KEY_LENGTH = 64;
    /** Longest metadata value in characters. */
    public static final int MAX_METADATA_VALUE_LENGTH = 256;
    /**
     * Longest hold timeout: 31 days in seconds, the longest a card network keeps an authorisation
     * (hotel and car-rental authorisations); a hold meant to last longer is placed without one.
     */
    public static final long MAX_HOLD_TIMEOUT_SECONDS = 31L * 24 * 3600;

    private LedgerRules() {
    }

    /**
     * An id is 1 to 64 characters, none of them whitespace, a control character, U+FFFD or a lone
     * surrogate: nothing {@link Echo} would escape, so an id reads the same wherever it is shown or stored.
     */
    public static boolean isValidId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH || !Echo.isClean(id)) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decides a request on its account's task, by its kind: {@link #decideTransfer},
     * {@link #decideOpenAccount}, {@link #decidePlaceHold}, {@link #decidePostHold} or
     * {@link #decideVoidHold}.
     *
     * @param account    the request's account (a transfer's or a hold's source), or null when it is not open
     * @param remembered what is remembered about the request id for this account, or null
     * @param hold       the hold a post or void names, as the account's task keeps it; null when it
     *                   has none by that id, and for the other requests
     */
    public static Decision decide(Command.Request request, Envelope envelope, Account account, Remembered remembered,
                                  Hold hold) {
        if (request instanceof Transfer transfer) {
            return decideTransfer(transfer, envelope, account, remembered);
        }
        if (request instanceof OpenAccount open) {
            return decideOpenAccount(open, envelope, account, remembered);
        }
        if (request instanceof PlaceHold place) {
            return decidePlaceHold(place, envelope, account, remembered);
        }
        if (request instanceof PostHold post) {
            return decidePostHold(post, envelope, account, remembered, hold);
        }
        return decideVoidHold((VoidHold) request, envelope, account, remembered, hold);
    }

    /**
     * Decides a transfer request on its source's task: its envelope, then a retry (the original
     * outcome), then its content, then a reused id, then the source's state ({@link #debit}). The
     * destination's checks come with the credit leg ({@link #decideCredit}).
     *
     * @param source     the source account, or null when it is not open
     * @param remembered what is remembered about the transfer id from this source, or null when
     *                   nothing is (never used, or used longer ago than the retention)
     * @return Rejected; Duplicate or Probe for a retry; Debited, whose entry's amount is
     *         {@code -transfer.amount()} minor units
     */
    public static Decision.OfTransfer decideTransfer(Transfer transfer, Envelope envelope, Account source,
                                                     Remembered remembered) {
        Rejected refused = envelope.problem("transferId", transfer.transferId(), "sourceAccountId",
                transfer.sourceAccountId());
        if (refused != null) {
            return refused;
        }
        if (remembered != null && remembered.isRetryOf(transfer)) {
            return remembered.inFlight() ? new Probe() : new Duplicate();
        }
        Rejected invalid = Validation.invalidTransfer(transfer);
        if (invalid != null) {
            return remembered == null ? invalid : invalid.unrecorded();
        }
        if (remembered != null) {
            return remembered.reusedBy(transfer, source);
        }
        return debit(transfer, source);
    }

    /**
     * The transfer's rules that come after its fields and its id: amount, accounts, then the
     * source's state. Part of {@link #decideTransfer}, which calls it for a valid request seen for
     * the first time; public so a reconciliation can re-check a recorded debit against the state
     * it was made on.
     *
     * @param source the source account, or null when it is not open
     * @return Rejected (recorded, with the source's state when there is one) or Debited
     */
    public static Decision.OfTransfer debit(Transfer transfer, Account source) {
        Rejected problem = amountAndAccounts(transfer.amount(), transfer.sourceAccountId(),
                transfer.destinationAccountId(), transfer.currency(), source);
        if (problem != null) {
            return problem;
        }
        Account after;
        try {
            after = source.after(-transfer.amount());
        } catch (ArithmeticException e) {
            return new Rejected(RejectReason.AMOUNT_OVERFLOW, "debiting " + transfer.amount()
                    + " minor units takes the balance of " + source.id() + " below the 64-bit range", source, true);
        }
        Rejected insufficient = insufficientFunds(source, after, transfer.amount());
        if (insufficient != null) {
            return insufficient;
        }
        return new Debited(after, Entry.of(after, -transfer.amount(), Leg.DEBIT));
    }

    /**
     * Decides an OpenAccount on its account's task: its envelope, then a retry, then its content,
     * then a reused id, then ACCOUNT_ALREADY_EXISTS.
     *
     * @param existing   the account's state, or null when it is not open
     * @param remembered what is remembered about the request id for this account, or null
     * @return Rejected, Duplicate for a retry, or Opened with balance 0 at version 0
     */
    public static Decision.OfOpenAccount decideOpenAccount(OpenAccount open, Envelope envelope, Account existing,
                                                           Remembered remembered) {
        Rejected refused = envelope.problem("requestId", open.requestId(), "accountId", open.accountId());
        if (refused != null) {
            return refused;
        }
        if (remembered != null && remembered.isRetryOf(open)) {
            return new Duplicate();
        }
        Rejected invalid = Validation.invalidOpenAccount(open);
        if (invalid != null) {
            return remembered == null ? invalid : invalid.unrecorded();
        }
        if (remembered != null) {
            return remembered.reusedBy(open, existing);
        }
        if (existing != null) {
            return new Rejected(RejectReason.ACCOUNT_ALREADY_EXISTS, "account " + existing.id() + " is already open ("
                    + existing.currency() + ", " + existing.kind() + ")", existing, true);
        }
        return new Opened(Account.opened(open.accountId(), open.currency(), open.kind()));
    }

    /**
     * A transfer's or hold's amount and accounts, in order: NON_POSITIVE_AMOUNT, SAME_ACCOUNT,
     * UNKNOWN_SOURCE_ACCOUNT, CURRENCY_MISMATCH.
     *
     * @return the rejection (recorded), or null
     */
    private static Rejected amountAndAccounts(long amount, String sourceAccountId, String destinationAccountId,
                                              String currency, Account source) {
        if (amount <= 0) {
            return new Rejected(RejectReason.NON_POSITIVE_AMOUNT, "amountMinor must be positive, got " + amount, null,
                    true);
        }
        if (sourceAccountId.equals(destinationAccountId)) {
            return new Rejected(RejectReason.SAME_ACCOUNT, "source and destination are both " + sourceAccountId, null,
                    true);
        }
        if (source == null) {
            return new Rejected(RejectReason.UNKNOWN_SOURCE_ACCOUNT, "account " + sourceAccountId + " is not open", null,
                    true);
        }
        if (!source.currency().equals(currency)) {
            return new Rejected(RejectReason.CURRENCY_MISMATCH, "transfer is in " + currency + " but account "
                    + source.id() + " is in " + source.currency(), source, true);
        }
        return null;
    }

    /**
     * INSUFFICIENT_FUNDS when a CUSTOMER account's available balance (posted less pending debits)
     * would go below zero; the rejection carries the state it was decided against.
     */
    private static Rejected insufficientFunds(Account source, Account after, long amount) {
        if (source.kind() != AccountKind.CUSTOMER || after.available() >= 0) {
            return null;
        }
        String available = source.pendingDebits() == 0 ? "balance " + Money.of(source.balance(), source.currency())
                : "available balance " + Money.of(source.available(), source.currency()) + " (balance "
                + Money.of(source.balance(), source.currency()) + " less " + Money.of(source.pendingDebits(),
                source.currency()) + " held)";
        return new Rejected(RejectReason.INSUFFICIENT_FUNDS, available + " is below the amount "
                + Money.of(amount, source.currency()), source, true);
    }

    /**
     * Decides a hold on its source's task, in a transfer's order (its envelope, a retry, its
     * content with the timeout last, a reused id, amount and accounts, the source's state), against
     * the source's available balance. Nothing posted moves: the source's pending debits grow by
     * the amount. The deadline is the command's broker time plus its timeout.
     *
     * @param source     the source account, or null when it is not open
     * @param remembered what is remembered about the hold id from this source, or null
     * @return Rejected; Duplicate for a retry (its outcome, HELD, stands whatever became of the
     *         hold); Held, with a HOLD entry of pending change {@code +hold.amount()} minor units
     */
    public static Decision.OfPlaceHold decidePlaceHold(PlaceHold hold, Envelope envelope, Account source,
                                                       Remembered remembered) {
        Rejected refused = envelope.problem("holdId", hold.holdId(), "sourceAccountId", hold.sourceAccountId());
        if (refused != null) {
            return refused;
        }
        if (remembered != null && remembered.isRetryOf(hold)) {
            return new Duplicate();
        }
        Rejected invalid = Validation.invalidPlaceHold(hold);
        if (invalid != null) {
            return remembered == null ? invalid : invalid.unrecorded();
        }
        if (remembered != null) {
            return remembered.reusedBy(hold, source);
        }
        Rejected problem = amountAndAccounts(hold.amount(), hold.sourceAccountId(), hold.destinationAccountId(),
                hold.currency(), source);
        if (problem != null) {
            return problem;
        }
        Account after;
        try {
            after = source.after(0, hold.amount());
        } catch (ArithmeticException e) {
            return new Rejected(RejectReason.AMOUNT_OVERFLOW, "holding " + hold.amount() + " minor units takes the "
                    + "pending debits or the available balance of " + source.id() + " out of the 64-bit range", source, true);
        }
        Rejected insufficient = insufficientFunds(source, after, hold.amount());
        if (insufficient != null) {
            return insufficient;
        }
        long deadline = hold.timeoutSeconds() == null ? Hold.NO_DEADLINE
                : envelope.receivedAt() + hold.timeoutSeconds() * 1_000;
        return new Held(after, Entry.of(after, 0, hold.amount(), Leg.HOLD), new Hold(hold.holdId(),
                hold.sourceAccountId(), hold.destinationAccountId(), hold.amount(), hold.currency(), deadline,
                Hold.Status.HELD, 0, hold.metadata()));
    }

    /**
     * Decides a post on the source's task: its envelope, a retry, its holdId, a reused id, its
     * amount, then the hold it names ({@link #holdProblem}), then the amount against the hold's.
     * The posted amount is debited and the whole hold released, in one DEBIT entry; the credit
     * leg then goes to the hold's destination as a transfer's does.
     *
     * @param hold the hold the post names, or null when the source has none by that id
     * @return Rejected; Duplicate or Probe for a retry; Posted, whose entry's amount is minus the
     *         posted amount and pending change minus the held amount, in minor units
     * @throws ArithmeticException never for a state these rules made: the source's available
     *                             balance, kept within the 64-bit range, bounds the debit
     */
    public static Decision.OfPostHold decidePostHold(PostHold post, Envelope envelope, Account source,
                                                     Remembered remembered, Hold hold) {
        Rejected refused = envelope.problem("postId", post.postId(), "sourceAccountId", post.sourceAccountId());
        if (refused != null) {
            return refused;
        }
        if (remembered != null && remembered.isRetryOf(post)) {
            return remembered.inFlight() ? new Probe() : new Duplicate();
        }
        Rejected invalid = Validation.firstInvalidId("holdId", post.holdId());
        if (invalid != null) {
            return remembered == null ? invalid : invalid.unrecorded();
        }
        if (remembered != null) {
            return remembered.reusedBy(post, source);
        }
        if (post.amount() != null && post.amount() <= 0) {
            return new Rejected(RejectReason.NON_POSITIVE_AMOUNT, "amountMinor must be positive or absent (all of the "
                    + "hold), got " + post.amount(), null, true);
        }
        Rejected holdProblem = holdProblem(post.holdId(), hold, source, envelope.receivedAt());
        if (holdProblem != null) {
            return holdProblem;
        }
        long posted = post.amount() == null ? hold.amount() : post.amount();
        if (posted > hold.amount()) {
            return new Rejected(RejectReason.EXCEEDS_PENDING_AMOUNT, "posting " + Money.of(posted, hold.currency())
                    + " of hold " + hold.holdId() + ", which holds " + Money.of(hold.amount(), hold.currency()), source, true);
        }
        // Cannot leave the range: the available balance, within it, is at most balance - held <= balance - posted.
        Account after = source.after(-posted, -hold.amount());
        return new Posted(after, Entry.of(after, -posted, -hold.amount(), Leg.DEBIT), hold.ended(Hold.Status.POSTED, posted));
    }

    /**
     * Decides a void on the source's task: its envelope, a retry, its holdId, a reused id, then
     * the hold it names ({@link #holdProblem}). The whole hold is released.
     *
     * @param hold the hold the void names, or null when the source has none by that id
     * @return Rejected; Duplicate for a retry; Voided, with a RELEASE entry of pending change minus
     *         the held amount in minor units
     */
    public static Decision.OfVoidHold decideVoidHold(VoidHold voided, Envelope envelope, Account source,
                                                     Remembered remembered, Hold hold) {
        Rejected refused = envelope.problem("voidId", voided.voidId(), "sourceAccountId", voided.sourceAccountId());
        if (refused != null) {
            return refused;
        }
        if (remembered != null && remembered.isRetryOf(voided)) {
            return new Duplicate();
        }
        Rejected invalid = Validation.firstInvalidId("holdId", voided.holdId());
        if (invalid != null) {
            return remembered == null ? invalid : invalid.unrecorded();
        }
        if (remembered != null) {
            return remembered.reusedBy(voided, source);
        }
        Rejected holdProblem = holdProblem(voided.holdId(), hold, source, envelope.receivedAt());
        if (holdProblem != null) {
            return holdProblem;
        }
        Account after = source.after(0, -hold.amount());
        return new Voided(after, Entry.of(after, 0, -hold.amount(), Leg.RELEASE), hold.ended(Hold.Status.VOIDED, 0));
    }

    /**
     * Decides a hold's expiry record on the source's task, at the record's broker time: the hold
     * expires if it is still open and its deadline has come by then; otherwise nothing changes
     * (the record may come twice, or after a post or void that came first).
     *
     * @param hold the hold the record names, or null when the source has none by that id
     * @return Expired, with an EXPIRY entry of pending change minus the held amount; or NotExpired
     */
    public static Decision.OfExpiry decideExpiry(Hold hold, Account source, long at) {
        if (hold == null || hold.status() != Hold.Status.HELD) {
            return new NotExpired(hold == null ? "no such hold" : "the hold was already " + hold.status());
        }
        if (!hold.pastDeadline(at)) {
            return new NotExpired("the hold's deadline " + hold.deadline() + " has not come at " + at);
        }
        Account after = source.after(0, -hold.amount());
        return new Expired(after, Entry.of(after, 0, -hold.amount(), Leg.EXPIRY), hold.ended(Hold.Status.EXPIRED, 0));
    }

    /**
     * The hold a post or void names, in order: PENDING_TRANSFER_NOT_FOUND, then _ALREADY_POSTED,
     * _ALREADY_VOIDED, _EXPIRED (expired, or open but past its deadline at the command's broker
     * time, whether or not its expiry record was processed yet).
     *
     * @return the rejection (recorded), or null when the hold is open and in time
     */
    private static Rejected holdProblem(String holdId, Hold hold, Account source, long at) {
        if (hold == null) {
            return new Rejected(RejectReason.PENDING_TRANSFER_NOT_FOUND, "account " + source(source) + " has no hold "
                    + holdId, source, true);
        }
        return switch (hold.status()) {
            case POSTED -> new Rejected(RejectReason.PENDING_TRANSFER_ALREADY_POSTED, "hold " + holdId + " was posted ("
                    + Money.of(hold.postedAmount(), hold.currency()) + ")", source, true);
            case VOIDED -> new Rejected(RejectReason.PENDING_TRANSFER_ALREADY_VOIDED, "hold " + holdId + " was voided",
                    source, true);
            case EXPIRED -> expired(hold, source);
            case HELD -> hold.pastDeadline(at) ? expired(hold, source) : null;
        };
    }

    private static Rejected expired(Hold hold, Account source) {
        return new Rejected(RejectReason.PENDING_TRANSFER_EXPIRED, "hold " + hold.holdId() + " expired at "
                + Instant.ofEpochMilli(hold.deadline()), source, true);
    }

    private static String source(Account source) {
        return source == null ? "(not open)" : source.id();
    }

    /**
     * Decides a transfer's second leg on the destination's task: credits it, or refuses (the
     * amount is then refunded and the transfer REVERSED) with UNKNOWN_DESTINATION_ACCOUNT,
     * CURRENCY_MISMATCH or AMOUNT_OVERFLOW, in that order. The leg was checked by the processor
     * as its own, and applied at most once, before this.
     *
     * @param destination the destination account, or null when it is not open
     * @return CreditRefused, or Credited whose entry's amount is {@code leg.amount()} minor units
     */
    public static Decision.OfCredit decideCredit(CreditLeg leg, Account destination) {
        if (destination == null) {
            return new CreditRefused(RejectReason.UNKNOWN_DESTINATION_ACCOUNT,
                    "account " + leg.destinationAccountId() + " is not open");
        }
        if (!destination.currency().equals(leg.currency())) {
            return new CreditRefused(RejectReason.CURRENCY_MISMATCH, "transfer is in " + leg.currency()
                    + " but account " + destination.id() + " is in " + destination.currency());
        }
        try {
            Account after = destination.after(leg.amount());
            return new Credited(after, Entry.of(after, leg.amount(), Leg.CREDIT));
        } catch (ArithmeticException e) {
            return new CreditRefused(RejectReason.AMOUNT_OVERFLOW, "crediting " + leg.amount()
                    + " minor units takes the balance of " + destination.id() + " above the 64-bit range");
        }
    }

    /**
     * Decides the compensation on the source's task: gives back what was debited. It cannot be
     * refused: the processor checked that the refund names a debit of this source by this amount in
     * this currency. The ledger's state is corrupt if the source says otherwise.
     *
     * @param source the source account
     * @return Refunded, whose entry's amount is {@code leg.amount()} minor units
     * @throws IllegalStateException when the source is not open or is in another currency
     * @throws ArithmeticException   when the balance would leave the 64-bit range, which the debit rules out
     */
    public static Refunded decideRefund(RefundLeg leg, Account source) {
        if (source == null || !source.currency().equals(leg.currency())) {
            throw new IllegalStateException("refund of transfer " + leg.transferId() + " to " + leg.sourceAccountId()
                    + " does not match the account's state " + source);
        }
        Account after = source.after(leg.amount());
        return new Refunded(after, Entry.of(after, leg.amount(), Leg.REFUND));
    }
}
