package io.payments.ledger;

import io.payments.ledger.Command.OpenAccount;
import io.payments.ledger.Command.PlaceHold;
import io.payments.ledger.Command.Transfer;
import io.payments.ledger.Decision.Rejected;
import java.util.Map;

/**
 * The checks of a request's own fields, each an INVALID_FIELD whose detail names the field and
 * what is expected, echoing the value as {@link Echo#cut} does (a rejection's detail is stored and
 * shown). Limits are {@link LedgerRules}'s.
 */
final class Validation {

    private Validation() {
    }

    /**
     * A transfer's content, after its envelope: destinationAccountId, currency, metadata, in that order.
     *
     * @return the first INVALID_FIELD (recorded), or null when every field is valid
     */
    static Rejected invalidTransfer(Transfer transfer) {
        return invalidContent(transfer.destinationAccountId(), transfer.currency(), transfer.metadata());
    }

    private static Rejected invalidContent(String destinationAccountId, String currency, Map<String, String> metadata) {
        Rejected invalid = firstInvalidId("destinationAccountId", destinationAccountId);
        if (invalid != null) {
            return invalid;
        }
        if (!Money.isSupportedCurrency(currency)) {
            return invalidCurrency(currency);
        }
        String metadataProblem = metadataProblem(metadata);
        return metadataProblem == null ? null : new Rejected(RejectReason.INVALID_FIELD, "metadata: " + metadataProblem,
                null, true);
    }

    /**
     * A PlaceHold's content, after its envelope: destinationAccountId, currency, metadata, then
     * timeoutSeconds (absent, or 1 to {@link LedgerRules#MAX_HOLD_TIMEOUT_SECONDS}).
     *
     * @return the first INVALID_FIELD (recorded), or null when every field is valid
     */
    static Rejected invalidPlaceHold(PlaceHold hold) {
        Rejected invalid = invalidContent(hold.destinationAccountId(), hold.currency(), hold.metadata());
        if (invalid != null) {
            return invalid;
        }
        Long timeout = hold.timeoutSeconds();
        return timeout == null || (timeout >= 1 && timeout <= LedgerRules.MAX_HOLD_TIMEOUT_SECONDS) ? null
                : new Rejected(RejectReason.INVALID_FIELD, "timeoutSeconds: must be absent (no timeout) or 1 to "
                        + LedgerRules.MAX_HOLD_TIMEOUT_SECONDS + " seconds, got " + timeout, null, true);
    }

    /**
     * An OpenAccount's content, after its envelope: currency, then kind (null stands for a kind this
     * release does not know).
     *
     * @return the first INVALID_FIELD (recorded), or null when every field is valid
     */
    static Rejected invalidOpenAccount(OpenAccount open) {
        if (!Money.isSupportedCurrency(open.currency())) {
            return invalidCurrency(open.currency());
        }
        return open.kind() != null ? null
                : new Rejected(RejectReason.INVALID_FIELD, "kind: must be CUSTOMER or SETTLEMENT", null, true);
    }

    /**
     * The first of the named ids that is not {@link LedgerRules#isValidId valid}.
     *
     * @param namesAndValues field names, each followed by its value
     * @return INVALID_FIELD (recorded) naming it, or null when all are valid
     */
    static Rejected firstInvalidId(String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!LedgerRules.isValidId(namesAndValues[i + 1])) {
                return new Rejected(RejectReason.INVALID_FIELD, namesAndValues[i] + ": must be 1 to "
                        + LedgerRules.MAX_ID_LENGTH + " characters without spaces, control characters or U+FFFD, got "
                        + quoted(namesAndValues[i + 1]), null, true);
            }
        }
        return null;
    }

    private static Rejected invalidCurrency(String currency) {
        return new Rejected(RejectReason.INVALID_FIELD, "currency: " + quoted(currency)
                + " is not an ISO 4217 code with a minor unit, such as EUR, USD or JPY", null, true);
    }

    private static String metadataProblem(Map<String, String> metadata) {
        if (metadata.size() > LedgerRules.MAX_METADATA_ENTRIES) {
            return "at most " + LedgerRules.MAX_METADATA_ENTRIES + " entries, got " + metadata.size();
        }
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            if (entry.getKey().isEmpty() || entry.getKey().length() > LedgerRules.MAX_METADATA_KEY_LENGTH) {
                return "keys must be 1 to " + LedgerRules.MAX_METADATA_KEY_LENGTH + " characters, got "
                        + quoted(entry.getKey());
            }
            if (entry.getValue().length() > LedgerRules.MAX_METADATA_VALUE_LENGTH) {
                return "value of " + quoted(entry.getKey()) + " must be at most " + LedgerRules.MAX_METADATA_VALUE_LENGTH
                        + " characters";
            }
        }
        return null;
    }

    /** The value in quotes, escaped and cut as {@link Echo#cut} does; "nothing" for null. */
    private static String quoted(String value) {
        if (value == null) {
            return "nothing";
        }
        return "\"" + Echo.cut(value) + "\"";
    }
}
