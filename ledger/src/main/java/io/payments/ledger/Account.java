package io.payments.ledger;

/**
 * An account's state: its currency and kind, fixed at opening; its posted balance in minor units
 * with its version, the number of ledger entries applied to it (0 when opened); and its pending
 * debits, the minor units its open holds reserve. Every decision keeps the balance, the pending
 * debits and the {@link #available} balance within the signed 64-bit range.
 */
public record Account(String id, String currency, AccountKind kind, long balance, long version, long pendingDebits) {

    /** An account without pending debits. */
    public Account(String id, String currency, AccountKind kind, long balance, long version) {
        this(id, currency, kind, balance, version, 0);
    }

    public static Account opened(String id, String currency, AccountKind kind) {
        return new Account(id, currency, kind, 0, 0, 0);
    }

    /**
     * The posted balance less the pending debits, in minor units: what a CUSTOMER account may still
     * spend or hold (never below zero), as Modern Treasury's and TigerBeetle's available balances are.
     */
    public long available() {
        return balance - pendingDebits;
    }

    /** The state after one more entry of the signed amount; throws ArithmeticException on overflow. */
    Account after(long signedAmount) {
        return after(signedAmount, 0);
    }

    /**
     * The state after one more entry that changes the posted balance by {@code signedAmount} and the
     * pending debits by {@code pendingChange}.
     *
     * @throws ArithmeticException when the balance, the pending debits or the available balance
     *                             would leave the signed 64-bit range
     */
    Account after(long signedAmount, long pendingChange) {
        long balanceAfter = Math.addExact(balance, signedAmount);
        long pendingAfter = Math.addExact(pendingDebits, pendingChange);
        Math.subtractExact(balanceAfter, pendingAfter);
        return new Account(id, currency, kind, balanceAfter, version + 1, pendingAfter);
    }
}
