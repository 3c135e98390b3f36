package io.payments.reconcile.audit;

import io.payments.ledger.Account;
import io.payments.ledger.AccountKind;
import io.payments.ledger.Command;
import io.payments.ledger.Decision;
import io.payments.ledger.LedgerRules;
import io.payments.ledger.RejectReason;
import io.payments.reconcile.spill.SpillStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks 2, 3 and 5 for accounts, streaming each account's entries in version order: versions
 * contiguous from 1, balance_after the running sum, every entry allowed by the ledger rules
 * (the same {@link LedgerRules} the processor applies) on the state before it, customer
 * available balances (posted less pending debits) never below zero, pending debits the running
 * sum of their changes and, at the end, the sum of the account's open holds, INSUFFICIENT_FUNDS
 * rejections true at the version they record, and PostgreSQL's rows equal to the log up to the
 * sink's offsets. Adds each final balance to the per-currency sums.
 */
final class AccountAudit implements GroupScan.Visitor {

    private final Findings findings;
    private final SpillStore store;
    private final Map<Integer, Long> sunkEntries;

    private byte[] group;
    private String accountId;
    private AccountKind kind;
    private String currency;
    private long balance;
    private long pending;
    /** The sum of the account's holds still open at the end of the log, from {@link Facts#OPEN_HOLD}. */
    private long openHeld;
    private long version;
    private boolean hasEntries;
    private long sunkVersion;
    private long sunkBalance;
    private Facts.Version logAtVersion;
    private boolean logAtVersionSunk;
    private boolean postgresAtVersion;
    private long postgresOnlyVersion;
    private boolean postgresBalanceSeen;
    /** Request ids of the account's completed openings; more than one means it was opened on several partitions. */
    private final List<String> openings = new ArrayList<>();
    /** Partitions of the OpenAccount commands for the account, by request id. */
    private final Map<String, Set<Integer>> openCommandPartitions = new TreeMap<>();

    /** @param sunkEntries per partition of payments.ledger-entries, the offset the sink has written up to (null: not checked) */
    AccountAudit(Findings findings, SpillStore store, Map<Integer, Long> sunkEntries) {
        this.findings = findings;
        this.store = store;
        this.sunkEntries = sunkEntries;
    }

    @Override
    public void start(byte[] group) {
        this.group = group;
        accountId = FactKeys.ids(group)[0];
        kind = null;
        currency = null;
        balance = 0;
        pending = 0;
        openHeld = 0;
        version = 0;
        hasEntries = false;
        sunkVersion = 0;
        sunkBalance = 0;
        logAtVersion = null;
        postgresOnlyVersion = -1;
        postgresBalanceSeen = false;
        openings.clear();
        openCommandPartitions.clear();
    }

    @Override
    public void fact(byte kindOfFact, byte[] key, byte[] value) {
        FactCodec.In in = new FactCodec.In(value);
        switch (kindOfFact) {
            case Facts.OPENED -> {
                AccountKind openedAs = AccountKind.valueOf(in.string());
                String openedIn = in.string();
                openings.add(in.string());
                if (kind == null) {
                    kind = openedAs;
                    currency = openedIn;
                    findings.count("accounts");
                }
            }
            case Facts.OPEN_COMMAND -> openCommandPartitions.computeIfAbsent(in.string(), id -> new TreeSet<>())
                    .add((int) FactKeys.order(key, 0));
            case Facts.VERSION -> {
                long at = FactKeys.order(key, 0);
                if (FactKeys.order(key, 1) == Facts.FROM_LOG) {
                    logEntry(at, (int) FactKeys.order(key, 2), FactKeys.order(key, 3), Facts.Version.read(value));
                } else {
                    postgresEntry(at, Facts.Version.read(value));
                }
            }
            case Facts.PG_BALANCE -> postgresBalance(in.number(), in.number(), in.string());
            case Facts.REJECTION -> rejection(in.string(), in.string(), in.number(), in.string(), in.nullableNumber(),
                    in.nullableNumber(), in.nullableNumber());
            case Facts.OPEN_HOLD -> openHeld += in.number();
            default -> throw new IllegalStateException("unknown account fact " + kindOfFact);
        }
    }

    private void logEntry(long at, int partition, long offset, Facts.Version entry) {
        closeVersion();
        findings.count("ledger entries");
        if (postgresOnlyVersion >= 0 && at > postgresOnlyVersion) {
            report(ViolationKind.PG_ENTRY_NOT_IN_LOG, "ledger_entries has version " + postgresOnlyVersion
                    + " which the log does not", "version=" + postgresOnlyVersion);
            postgresOnlyVersion = -1;
        }
        String where = "version=" + at;
        if (at != version + 1) {
            report(ViolationKind.VERSION_GAP, "version " + at + " follows version " + version, where);
        }
        if (!hasEntries && kind == null) {
            report(ViolationKind.ENTRY_FOR_UNOPENED_ACCOUNT, "first entry " + entry.leg() + " " + entry.amount() + " "
                    + entry.currency() + " of transfer " + entry.transferId(), where);
        }
        Long expected = sum(balance, entry.amount());
        if (expected == null || expected != entry.balanceAfter()) {
            report(ViolationKind.BALANCE_NOT_RUNNING_SUM, "balance " + balance + " + " + entry.amount() + " should be "
                    + expected + ", the entry says " + entry.balanceAfter(), where);
        }
        Long expectedPending = sum(pending, entry.pendingChange());
        if (expectedPending == null || expectedPending != entry.pendingAfter()) {
            report(ViolationKind.PENDING_NOT_RUNNING_SUM, "pending debits " + pending + " + " + entry.pendingChange()
                    + " should be " + expectedPending + ", the entry says " + entry.pendingAfter(), where);
        }
        if (kind != null) {
            recheck(entry, where);
        }
        if (currency == null) {
            currency = entry.currency();
        }
        hasEntries = true;
        balance = entry.balanceAfter();
        pending = entry.pendingAfter();
        version = at;
        logAtVersion = entry;
        logAtVersionSunk = sunkEntries != null && offset < sunkEntries.getOrDefault(partition, 0L);
        postgresAtVersion = false;
        if (logAtVersionSunk) {
            sunkVersion = at;
            sunkBalance = entry.balanceAfter();
        }
    }

    /** The entry against the ledger rules, applied to the account as it was before it. */
    private void recheck(Facts.Version entry, String where) {
        String problem = shapeProblem(entry);
        if (problem != null) {
            report(ViolationKind.DECISION_NOT_ALLOWED, entry.leg() + ": " + problem, where);
            return;
        }
        Account before = new Account(accountId, currency, kind, balance, version, pending);
        Decision decision = switch (entry.leg()) {
            case "DEBIT" -> entry.pendingChange() != 0 ? null : LedgerRules.debit(new Command.Transfer(entry.transferId(),
                    accountId, entry.counterparty(), -entry.amount(), entry.currency(), null), before);
            case "CREDIT" -> entry.amount() <= 0 ? null : LedgerRules.decideCredit(new Command.CreditLeg(entry.transferId(),
                    entry.source(), accountId, entry.amount(), entry.currency()), before);
            default -> null;
        };
        if (decision instanceof Decision.Rejected rejected && rejected.reason() == RejectReason.INSUFFICIENT_FUNDS) {
            report(ViolationKind.OVERDRAFT, entry.leg() + " " + entry.amount() + " took the " + kind + " account from "
                    + balance + " to " + entry.balanceAfter() + " with " + pending + " held", where);
        } else if (decision instanceof Decision.Rejected rejected) {
            report(ViolationKind.DECISION_NOT_ALLOWED, entry.leg() + ": " + rejected.reason() + " " + rejected.detail(), where);
        } else if (decision instanceof Decision.CreditRefused refused) {
            report(ViolationKind.DECISION_NOT_ALLOWED, entry.leg() + ": " + refused.reason() + " " + refused.detail(), where);
        } else if (decision == null && entry.leg().equals("CREDIT")) {
            report(ViolationKind.DECISION_NOT_ALLOWED, "CREDIT of a non-positive amount " + entry.amount(), where);
        } else if (kind == AccountKind.CUSTOMER && entry.balanceAfter() - entry.pendingAfter() < 0) {
            report(ViolationKind.OVERDRAFT, entry.leg() + " left the customer account at " + entry.balanceAfter()
                    + " with " + entry.pendingAfter() + " held", where);
        }
    }

    /**
     * What is wrong with an entry's amounts for its kind, whatever the account's state, or null: a
     * hold moves no posted money and adds to the pending debits; a release or expiry takes off them;
     * a post's DEBIT debits at most the hold it releases ({@link LedgerRules#decidePostHold}); a
     * refund gives back a positive amount in the account's currency.
     */
    private String shapeProblem(Facts.Version entry) {
        return switch (entry.leg()) {
            case "DEBIT", "CREDIT" -> entry.pendingChange() == 0 || (entry.leg().equals("DEBIT") && entry.amount() < 0
                    && entry.pendingChange() < 0 && -entry.amount() <= -entry.pendingChange()) ? null
                    : "a post debits at most the hold it releases, got " + entry.amount() + " releasing "
                    + entry.pendingChange();
            case "HOLD" -> entry.amount() == 0 && entry.pendingChange() > 0 && entry.currency().equals(currency) ? null
                    : "a hold moves no posted money and adds a positive amount to the pending debits";
            case "RELEASE", "EXPIRY" -> entry.amount() == 0 && entry.pendingChange() < 0 ? null
                    : "a release moves no posted money and takes a hold's amount off the pending debits";
            default -> entry.amount() > 0 && entry.currency().equals(currency) && entry.pendingChange() == 0 ? null
                    : "a refund must give back a positive amount in the account's currency " + currency;
        };
    }

    private void postgresEntry(long at, Facts.Version row) {
        findings.count("ledger_entries rows read");
        if (logAtVersion != null && at == version) {
            postgresAtVersion = true;
            if (logAtVersionSunk && !row.equals(logAtVersion)) {
                report(ViolationKind.PG_ENTRY_MISMATCH, "PostgreSQL " + row + ", log " + logAtVersion, "version=" + at);
            }
        } else if (postgresOnlyVersion < 0) {
            postgresOnlyVersion = at;
        }
    }

    /** A sunk log entry must have had its row in PostgreSQL. */
    private void closeVersion() {
        if (logAtVersion != null && logAtVersionSunk) {
            findings.count("ledger_entries rows compared");
            if (!postgresAtVersion) {
                report(ViolationKind.PG_ENTRY_MISSING, "the sink's offsets are past this entry (" + logAtVersion.leg()
                        + " " + logAtVersion.amount() + " of transfer " + logAtVersion.transferId() + ")",
                        "version=" + version);
            }
        }
        logAtVersion = null;
    }

    private void postgresBalance(long pgVersion, long pgBalance, String pgCurrency) {
        closeVersion();
        postgresBalanceSeen = true;
        if (sunkEntries == null) {
            return;
        }
        findings.count("account_balances rows compared");
        String where = "version=" + pgVersion;
        if (pgVersion < sunkVersion) {
            report(ViolationKind.PG_BALANCE_MISMATCH, "account_balances is at version " + pgVersion
                    + " but the sink wrote entries up to version " + sunkVersion, where);
        } else if (pgVersion <= version) {
            Long logBalance = pgVersion == sunkVersion ? Long.valueOf(sunkBalance) : balanceAt(pgVersion);
            if (logBalance == null || logBalance != pgBalance || !pgCurrency.equals(currency)) {
                report(ViolationKind.PG_BALANCE_MISMATCH, "PostgreSQL " + pgBalance + " " + pgCurrency + ", log "
                        + logBalance + " " + currency, where);
            }
        }
    }

    private void rejection(String transferId, String destination, long amount, String requestCurrency,
                           Long observedBalance, Long observedVersion, Long observedPending) {
        closeVersion();
        findings.count("INSUFFICIENT_FUNDS rejections re-checked");
        String where = "transfer=" + transferId;
        if (kind == null || observedBalance == null || observedVersion == null) {
            report(ViolationKind.REJECTION_NOT_JUSTIFIED, "no recorded state, or the account was never opened", where);
            return;
        }
        Long actual = balanceAt(observedVersion);
        if (actual == null || actual.longValue() != observedBalance) {
            report(ViolationKind.REJECTION_NOT_JUSTIFIED, "recorded balance " + observedBalance + " at version "
                    + observedVersion + ", the ledger had " + actual, where);
            return;
        }
        long pendingThen = observedPending == null ? 0 : observedPending;
        Long actualPending = pendingAt(observedVersion);
        if (actualPending == null || actualPending != pendingThen) {
            report(ViolationKind.REJECTION_NOT_JUSTIFIED, "recorded pending debits " + pendingThen + " at version "
                    + observedVersion + ", the ledger had " + actualPending, where);
            return;
        }
        Decision again = LedgerRules.debit(new Command.Transfer(transferId, accountId, destination, amount, requestCurrency,
                null), new Account(accountId, currency, kind, observedBalance, observedVersion, pendingThen));
        if (!(again instanceof Decision.Rejected r) || r.reason() != RejectReason.INSUFFICIENT_FUNDS) {
            report(ViolationKind.REJECTION_NOT_JUSTIFIED, "balance " + observedBalance + " covers " + amount, where);
        }
    }

    /** The balance after the log entry at this version (0 before the first), or null if the log has none. */
    private Long balanceAt(long at) {
        Facts.Version entry = logEntryAt(at);
        return at == 0 ? Long.valueOf(0) : entry == null ? null : entry.balanceAfter();
    }

    /** The pending debits after the log entry at this version (0 before the first), or null if the log has none. */
    private Long pendingAt(long at) {
        Facts.Version entry = logEntryAt(at);
        return at == 0 ? Long.valueOf(0) : entry == null ? null : entry.pendingAfter();
    }

    private Facts.Version logEntryAt(long at) {
        byte[] value = at == 0 ? null : store.first(FactKeys.key(group, Facts.VERSION, at, Facts.FROM_LOG));
        return value == null ? null : Facts.Version.read(value);
    }

    @Override
    public void end() {
        closeVersion();
        if (openings.size() > 1) {
            Set<Integer> partitions = new TreeSet<>();
            openings.forEach(id -> partitions.addAll(openCommandPartitions.getOrDefault(id, Set.of())));
            report(ViolationKind.ACCOUNT_OPENED_ON_SEVERAL_PARTITIONS, "opened " + openings.size() + " times, by requests "
                    + openings + " on payments.commands partitions " + partitions, "openings=" + openings.size());
        }
        if (sunkEntries != null && sunkVersion > 0 && !postgresBalanceSeen) {
            report(ViolationKind.PG_BALANCE_MISSING, "the sink wrote entries up to version " + sunkVersion, "version=" + sunkVersion);
        }
        if (hasEntries) {
            findings.addBalance(currency, balance);
        }
        if (pending != openHeld) {
            report(ViolationKind.PENDING_NOT_OPEN_HOLDS, "pending debits " + pending + " after version " + version
                    + ", open holds " + openHeld, "version=" + version);
        }
    }

    private static Long sum(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private void report(ViolationKind kind, String detail, String where) {
        findings.report(kind, detail, "account=" + accountId, where);
    }
}
