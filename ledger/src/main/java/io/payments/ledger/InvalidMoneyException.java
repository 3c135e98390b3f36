package io.payments.ledger;

/** An amount that cannot be represented or combined: unknown currency, excess precision, overflow, mixed currencies. */
public class InvalidMoneyException extends IllegalArgumentException {

    public InvalidMoneyException(String message) {
        super(message);
    }
}
