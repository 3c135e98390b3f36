package io.payments.ledger;

import io.payments.ledger.Command.CreditLeg;
import io.payments.ledger.Command.OpenAccount;
import io.payments.ledger.Command.RefundLeg;
import io.payments.ledger.Command.Transfer;
import io.payments.ledger.Decision.CreditRefused;
import io.payments.ledger.Decision.Credited;
import io.payments.ledger.Decision.Debited;
import io.payments.ledger.Decision.Opened;
import io.payments.ledger.Decision.Refunded;
import io.payments.ledger.Decision.Rejected;
import java.time.Instant;
import java.util.Map;

/**
 * The ledger's rules as pure functions of a command and the state of the one account it acts on.
 *
 * <p>A transfer is checked in this order, and rejected with the first reason that applies:
 * INVALID_FIELD (transferId, sourceAccountId, destinationAccountId, currency, metadata),
 * NON_POSITIVE_AMOUNT, SAME_ACCOUNT, UNKNOWN_SOURCE_ACCOUNT, CURRENCY_MISMATCH, AMOUNT_OVERFLOW,
 * INSUFFICIENT_FUNDS. The destination lives with another task, so its checks come with the
 * credit: UNKNOWN_DESTINATION_ACCOUNT, CURRENCY_MISMATCH, AMOUNT_OVERFLOW, each of which
 * reverses the transfer. (Duplicates and ID_REUSED_WITH_DIFFERENT_CONTENT are decided by the
 * caller, which remembers transfer ids; see {@link #sameRequest}.)
 */
public final class LedgerRules {

    /** Longest id (account, transfer, request) in characters. */
    public static final int MAX_ID_LENGTH = 64;
    public static final int MAX_METADATA_ENTRIES = 16;
    public static final int MAX_METADATA_KEY_LENGTH = 64;
    public static final int MAX_METADATA_VALUE_LENGTH = 256;
    /** The earliest {@code requestedAt} accepted: 2000-01-01T00:00:00Z, in milliseconds since the Unix epoch. */
    public static final long EARLIEST_REQUESTED_AT = 946_684_800_000L;
    /** How far {@code requestedAt} may lie after the broker's time of the command: 24 hours, in milliseconds. */
    public static final long MAX_REQUESTED_AT_LEAD = 24 * 3_600_000L;

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
     * Whether a command's {@code requestedAt} (the client's clock, milliseconds since the Unix epoch)
     * is plausible: from {@link #EARLIEST_REQUESTED_AT} to {@link #MAX_REQUESTED_AT_LEAD} after
     * {@code receivedAt}, the broker's time of the command (its LogAppendTime). The field is for
     * latency and audit only, but the projection stores it as a timestamp, and a value millennia
     * away is a client's bug, not a time.
     *
     * @return INVALID_FIELD naming requestedAt, or null when it is in the window
     */
    public static Rejected requestedAtProblem(long requestedAt, long receivedAt) {
        boolean tooEarly = requestedAt < EARLIEST_REQUESTED_AT;
        // requestedAt is at least the year 2000 here, so subtracting the lead cannot leave the 64-bit range.
        if (!tooEarly && requestedAt - MAX_REQUESTED_AT_LEAD <= receivedAt) {
            return null;
        }
        return new Rejected(RejectReason.INVALID_FIELD, "requestedAt: " + requestedAt + " ("
                + Instant.ofEpochMilli(requestedAt) + ") is " + (tooEarly ? "before " + Instant.ofEpochMilli(EARLIEST_REQUESTED_AT)
                : "more than 24 hours after the broker received the command (" + Instant.ofEpochMilli(receivedAt) + ")")
                + "; it must be the request's time in milliseconds since the Unix epoch (UTC)", null);
    }

    public static Decision open(OpenAccount command, Account existing) {
        Rejected invalid = firstInvalid(
                "requestId", command.requestId(), "accountId", command.accountId());
        if (invalid != null) {
            return invalid;
        }
        if (!Money.isSupportedCurrency(command.currency())) {
            return invalidCurrency(command.currency());
        }
        if (command.kind() == null) {
            return new Rejected(RejectReason.INVALID_FIELD, "kind: must be CUSTOMER or SETTLEMENT", null);
        }
        if (existing != null) {
            return new Rejected(RejectReason.ACCOUNT_ALREADY_EXISTS,
                    "account " + existing.id() + " is already open (" + existing.currency() + ", " + existing.kind() + ")",
                    existing);
        }
        return new Opened(Account.opened(command.accountId(), command.currency(), command.kind()));
    }

    /** The first leg: checks the request and the source's state, and debits the source. */
    public static Decision debit(Transfer transfer, Account source) {
        Rejected invalid = firstInvalid("transferId", transfer.transferId(),
                "sourceAccountId", transfer.sourceAccountId(), "destinationAccountId", transfer.destinationAccountId());
        if (invalid != null) {
            return invalid;
        }
        if (!Money.isSupportedCurrency(transfer.currency())) {
            return invalidCurrency(transfer.currency());
        }
        String metadataProblem = metadataProblem(transfer.metadata());
        if (metadataProblem != null) {
            return new Rejected(RejectReason.INVALID_FIELD, "metadata: " + metadataProblem, null);
        }
        if (transfer.amount() <= 0) {
            return new Rejected(RejectReason.NON_POSITIVE_AMOUNT,
                    "amountMinor must be positive, got " + transfer.amount(), null);
        }
        if (transfer.sourceAccountId().equals(transfer.destinationAccountId())) {
            return new Rejected(RejectReason.SAME_ACCOUNT,
                    "source and destination are both " + transfer.sourceAccountId(), null);
        }
        if (source == null) {
            return new Rejected(RejectReason.UNKNOWN_SOURCE_ACCOUNT,
                    "account " + transfer.sourceAccountId() + " is not open", null);
        }
        if (!source.currency().equals(transfer.currency())) {
            return new Rejected(RejectReason.CURRENCY_MISMATCH, "transfer is in " + transfer.currency()
                    + " but account " + source.id() + " is in " + source.currency(), source);
        }
        Account after;
        try {
            after = source.after(-transfer.amount());
        } catch (ArithmeticException e) {
            return new Rejected(RejectReason.AMOUNT_OVERFLOW, "debiting " + transfer.amount()
                    + " minor units takes the balance of " + source.id() + " below the 64-bit range", source);
        }
        if (source.kind() == AccountKind.CUSTOMER && after.balance() < 0) {
            return new Rejected(RejectReason.INSUFFICIENT_FUNDS, "balance " + Money.of(source.balance(), source.currency())
                    + " is below the amount " + Money.of(transfer.amount(), source.currency()), source);
        }
        return new Debited(after, Entry.of(after, -transfer.amount(), Leg.DEBIT));
    }

    /** The second leg, on the destination: credits it, or refuses so the amount is refunded. */
    public static Decision credit(CreditLeg leg, Account destination) {
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
     * The compensation, on the source: gives back what was debited. It cannot be refused: the
     * source was debited by this amount in this currency. If the source's state says otherwise,
     * the ledger's state is corrupt and this throws.
     */
    public static Refunded refund(RefundLeg leg, Account source) {
        if (source == null || !source.currency().equals(leg.currency())) {
            throw new IllegalStateException("refund of transfer " + leg.transferId() + " to " + leg.sourceAccountId()
                    + " does not match the account's state " + source);
        }
        Account after = source.after(leg.amount());
        return new Refunded(after, Entry.of(after, leg.amount(), Leg.REFUND));
    }

    /** Whether a request with an already used id is a retry of the same request (same content). */
    public static boolean sameRequest(Transfer first, Transfer again) {
        return first.equals(again);
    }

    /** Whether an OpenAccount with an already used request id is a retry of the same request. */
    public static boolean sameRequest(OpenAccount first, OpenAccount again) {
        return first.equals(again);
    }

    private static Rejected firstInvalid(String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!isValidId(namesAndValues[i + 1])) {
                return new Rejected(RejectReason.INVALID_FIELD, namesAndValues[i]
                        + ": must be 1 to " + MAX_ID_LENGTH + " characters without spaces, control characters or U+FFFD, got "
                        + quoted(namesAndValues[i + 1]), null);
            }
        }
        return null;
    }

    private static Rejected invalidCurrency(String currency) {
        return new Rejected(RejectReason.INVALID_FIELD, "currency: " + quoted(currency)
                + " is not an ISO 4217 code with a minor unit, such as EUR, USD or JPY", null);
    }

    private static String metadataProblem(Map<String, String> metadata) {
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            return "at most " + MAX_METADATA_ENTRIES + " entries, got " + metadata.size();
        }
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            if (entry.getKey().isEmpty() || entry.getKey().length() > MAX_METADATA_KEY_LENGTH) {
                return "keys must be 1 to " + MAX_METADATA_KEY_LENGTH + " characters, got " + quoted(entry.getKey());
            }
            if (entry.getValue() == null || entry.getValue().length() > MAX_METADATA_VALUE_LENGTH) {
                return "value of " + quoted(entry.getKey()) + " must be at most " + MAX_METADATA_VALUE_LENGTH + " characters";
            }
        }
        return null;
    }

    /** The value in quotes, escaped and cut as {@link Echo#cut} does: a rejection's detail is stored and shown. */
    private static String quoted(String value) {
        if (value == null) {
            return "nothing";
        }
        return "\"" + Echo.cut(value) + "\"";
    }
}
