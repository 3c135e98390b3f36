package io.payments.ledger;

/**
 * An account's state: its currency and kind, fixed at opening, and its balance in minor units
 * with its version, the number of ledger entries applied to it (0 when opened).
 */
public record Account(String id, String currency, AccountKind kind, long balance, long version) {

    public static Account opened(String id, String currency, AccountKind kind) {
        return new Account(id, currency, kind, 0, 0);
    }

    /** The state after one more entry of the signed amount; throws ArithmeticException on overflow. */
    Account after(long signedAmount) {
        return new Account(id, currency, kind, Math.addExact(balance, signedAmount), version + 1);
    }
}
