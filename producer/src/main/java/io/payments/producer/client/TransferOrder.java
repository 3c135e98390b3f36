package io.payments.producer.client;

import io.payments.ledger.InvalidMoneyException;
import io.payments.ledger.LedgerRules;
import io.payments.ledger.Money;
import java.util.Map;
import java.util.UUID;

/**
 * A transfer to submit. The transfer id identifies it for retries: keep the order (or its id)
 * and submit it again after a timeout, and it can never move money twice.
 */
public record TransferOrder(String transferId, String sourceAccountId, String destinationAccountId, Money amount,
                            Map<String, String> metadata) {

    public TransferOrder {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** An order with a new random transfer id; the amount is a decimal in the currency's major unit ("10.50"). */
    public static TransferOrder of(String sourceAccountId, String destinationAccountId, String amount, String currency) {
        return new TransferOrder(UUID.randomUUID().toString(), sourceAccountId, destinationAccountId,
                parse(amount, currency), Map.of());
    }

    public TransferOrder withTransferId(String id) {
        return new TransferOrder(id, sourceAccountId, destinationAccountId, amount, metadata);
    }

    public TransferOrder withMetadata(Map<String, String> newMetadata) {
        return new TransferOrder(transferId, sourceAccountId, destinationAccountId, amount, newMetadata);
    }

    /** Checks what can be checked before sending; throws naming the field. */
    void validate() {
        requireId("transferId", transferId);
        requireId("sourceAccountId", sourceAccountId);
        requireId("destinationAccountId", destinationAccountId);
        if (amount == null) {
            throw new InvalidRequestException("amount", "is required");
        }
        if (amount.minor() <= 0) {
            throw new InvalidRequestException("amount", "must be positive, got " + amount);
        }
        if (metadata.size() > LedgerRules.MAX_METADATA_ENTRIES) {
            throw new InvalidRequestException("metadata", "at most " + LedgerRules.MAX_METADATA_ENTRIES + " entries");
        }
    }

    static Money parse(String amount, String currency) {
        try {
            return Money.parse(amount, currency);
        } catch (InvalidMoneyException e) {
            throw new InvalidRequestException(e.getMessage().startsWith("currency") ? "currency" : "amount", e.getMessage());
        }
    }

    static void requireId(String field, String value) {
        if (!LedgerRules.isValidId(value)) {
            throw new InvalidRequestException(field, "must be 1 to " + LedgerRules.MAX_ID_LENGTH
                    + " characters without spaces or control characters, got " + (value == null ? "nothing" : "\"" + value + "\""));
        }
    }
}
