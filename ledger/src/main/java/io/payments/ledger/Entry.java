package io.payments.ledger;

/** One ledger entry: a signed change of one account's balance, and the balance and version after it. */
public record Entry(String accountId, long version, long amount, String currency, long balanceAfter, Leg leg) {

    static Entry of(Account after, long amount, Leg leg) {
        return new Entry(after.id(), after.version(), amount, after.currency(), after.balance(), leg);
    }
}
