package io.payments.ledger;

/** What an account may do with its balance. */
public enum AccountKind {
    /** Debits must not exceed credits: the balance never goes below zero. */
    CUSTOMER,
    /** May go below zero: the other side of deposits and withdrawals (money entering or leaving the ledger). */
    SETTLEMENT
}
