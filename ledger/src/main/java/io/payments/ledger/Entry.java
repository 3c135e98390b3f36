package io.payments.ledger;

/**
 * One ledger entry: a signed change of one account's posted balance ({@code amount}) and of its
 * pending debits ({@code pendingChange}), in minor units, with the balance, pending debits and
 * version after it. A hold's entries move pending debits only; a post's debit moves both.
 */
public record Entry(String accountId, long version, long amount, String currency, long balanceAfter, Leg leg,
                    long pendingChange, long pendingAfter) {

    static Entry of(Account after, long amount, Leg leg) {
        return of(after, amount, 0, leg);
    }

    static Entry of(Account after, long amount, long pendingChange, Leg leg) {
        return new Entry(after.id(), after.version(), amount, after.currency(), after.balance(), leg, pendingChange,
                after.pendingDebits());
    }
}
