package io.payments.ledger;

import io.payments.ledger.Command.CreditLeg;
import io.payments.ledger.Command.OpenAccount;
import io.payments.ledger.Command.RefundLeg;
import io.payments.ledger.Command.Transfer;
import io.payments.ledger.Decision.CreditRefused;
import io.payments.ledger.Decision.Credited;
import io.payments.ledger.Decision.Debited;
import io.payments.ledger.Decision.Duplicate;
import io.payments.ledger.Decision.Opened;
import io.payments.ledger.Decision.Probe;
import io.payments.ledger.Decision.Refunded;
import io.payments.ledger.Decision.Rejected;

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
     * Decides a request on its account's task: {@link #decideTransfer} or {@link #decideOpenAccount},
     * by the request's kind.
     *
     * @param account    the request's account (a transfer's source), or null when it is not open
     * @param remembered what is remembered about the request id for this account, or null
     */
    public static Decision decide(Command.Request request, Envelope envelope, Account account, Remembered remembered) {
        if (request instanceof Transfer transfer) {
            return decideTransfer(transfer, envelope, account, remembered);
        }
        return decideOpenAccount((OpenAccount) request, envelope, account, remembered);
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
        if (transfer.amount() <= 0) {
            return new Rejected(RejectReason.NON_POSITIVE_AMOUNT, "amountMinor must be positive, got "
                    + transfer.amount(), null, true);
        }
        if (transfer.sourceAccountId().equals(transfer.destinationAccountId())) {
            return new Rejected(RejectReason.SAME_ACCOUNT, "source and destination are both "
                    + transfer.sourceAccountId(), null, true);
        }
        if (source == null) {
            return new Rejected(RejectReason.UNKNOWN_SOURCE_ACCOUNT, "account " + transfer.sourceAccountId()
                    + " is not open", null, true);
        }
        if (!source.currency().equals(transfer.currency())) {
            return new Rejected(RejectReason.CURRENCY_MISMATCH, "transfer is in " + transfer.currency()
                    + " but account " + source.id() + " is in " + source.currency(), source, true);
        }
        Account after;
        try {
            after = source.after(-transfer.amount());
        } catch (ArithmeticException e) {
            return new Rejected(RejectReason.AMOUNT_OVERFLOW, "debiting " + transfer.amount()
                    + " minor units takes the balance of " + source.id() + " below the 64-bit range", source, true);
        }
        if (source.kind() == AccountKind.CUSTOMER && after.balance() < 0) {
            return new Rejected(RejectReason.INSUFFICIENT_FUNDS, "balance " + Money.of(source.balance(), source.currency())
                    + " is below the amount " + Money.of(transfer.amount(), source.currency()), source, true);
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
