package io.payments.reconcile.audit;

/** Everything reconciliation can find wrong, by the check that finds it. */
public enum ViolationKind {
    // 1. requests, results and legs
    MISSING_RESULT("a request older than the pending grace has no result"),
    RESULT_WITHOUT_REQUEST("more results than requests for a transfer id"),
    DUPLICATE_FINAL_RESULT("more than one recorded, non-duplicate result for a transfer id"),
    LEGS_DO_NOT_MATCH_OUTCOME("the ledger entries of a transfer do not match its outcome (COMPLETED: one debit and one credit; "
            + "REVERSED: one debit and one refund; REJECTED: none; equal amounts and currency)"),
    HOLD_ENDED_TWICE("a hold ended more than once (posted, voided or expired twice, or two of them)"),
    HOLD_ENDED_AFTER_DEADLINE("a post or void ended a hold although it came at or after the hold's deadline"),
    ENTRY_WITHOUT_REQUEST("a ledger entry for a transfer id that was never requested"),
    CREDIT_LEG_MISMATCH("a debited transfer without exactly one credit leg on payments.credits"),
    LEG_WITHOUT_DEBIT("a CREDIT or REFUND entry of a transfer that has no DEBIT entry to match it: money that was never taken"),
    LEG_REFUSED("a record on payments.credits the processor refused as forged (not signed with its key for that key and "
            + "partition) or replayed (its effect applied already): someone other than the processor wrote to the topic"),
    UNDECODABLE_NOT_DEAD_LETTERED("an input record the processor must refuse (undecodable, or a payments.credits record "
            + "on another partition than its key's) has no dead letter"),
    WRONG_PARTITION_NOT_REFUSED("a command on another partition than its key's changed state or got another answer than "
            + "REJECTED WRONG_PARTITION"),
    UNREADABLE_RECORD("a record on credits, ledger entries or results cannot be decoded"),
    // 2. each account's entries
    ACCOUNT_OPENED_ON_SEVERAL_PARTITIONS("an account was opened more than once: on several partitions, each with a "
            + "balance of its own"),
    ENTRY_FOR_UNOPENED_ACCOUNT("a ledger entry for an account with no completed OpenAccount"),
    VERSION_GAP("an account's entries do not have contiguous versions from 1"),
    BALANCE_NOT_RUNNING_SUM("an entry's balance_after is not the previous balance plus its amount"),
    OVERDRAFT("a customer account's available balance (posted less pending debits) went below zero"),
    // 3. decisions re-checked with the ledger rules
    DECISION_NOT_ALLOWED("the ledger rules would not have allowed this entry on the account's state before it"),
    REJECTION_NOT_JUSTIFIED("an INSUFFICIENT_FUNDS rejection's recorded balance or version does not match the ledger, "
            + "or the balance there covered the amount"),
    // 4. money
    PENDING_NOT_RUNNING_SUM("an entry's pending debits after it are not the previous ones plus its pending change"),
    PENDING_NOT_OPEN_HOLDS("an account's pending debits are not the sum of its open holds"),
    IMBALANCE("the sum of balances plus money in flight is not zero for a currency"),
    // 5. PostgreSQL against the log
    PG_ENTRY_MISSING("a ledger entry the sink has passed is not in ledger_entries"),
    PG_ENTRY_MISMATCH("a ledger_entries row differs from the entry in the log"),
    PG_ENTRY_NOT_IN_LOG("a ledger_entries row has no entry in the log"),
    PG_BALANCE_MISSING("an account the sink has written entries for has no account_balances row"),
    PG_BALANCE_MISMATCH("an account_balances row differs from the log at its version, or lags behind the sink's offsets"),
    PG_TRANSFER_MISSING("a recorded result the sink has passed has no transfers row"),
    PG_TRANSFER_STATUS_MISMATCH("a transfers row's status differs from the transfer's final result"),
    PG_RECORD_SKIPPED("an operator skipped a record PostgreSQL refused (payments sink skip): the projection lacks its rows");

    private final String meaning;

    ViolationKind(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }
}
