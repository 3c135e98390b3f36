package io.payments.bench;

import io.payments.ledger.Account;
import io.payments.ledger.AccountKind;
import io.payments.ledger.Command;
import io.payments.ledger.Decision;
import io.payments.ledger.Envelope;
import io.payments.ledger.LedgerRules;
import io.payments.ledger.Money;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;

/** One decision of the ledger, as the processor takes it for every request and leg, and parsing a decimal amount. */
public class LedgerRulesBenchmark extends NanosecondBenchmark {

    private final Account source = new Account("acct-000042", "EUR", AccountKind.CUSTOMER, 1_000_000L, 17);
    private final Account destination = new Account("acct-000917", "EUR", AccountKind.CUSTOMER, 5_000L, 3);
    private final Command.Transfer transfer = new Command.Transfer("t-000123456", "acct-000042", "acct-000917", 12_345L,
            "EUR", Map.of());
    private final Command.Transfer tooLarge = new Command.Transfer("t-000123457", "acct-000042", "acct-000917",
            10_000_000L, "EUR", Map.of());
    /** A request keyed by its source, on its partition, sent 5 ms before the broker took it. */
    private final Envelope envelope = new Envelope("acct-000042", null, 1_700_000_000_000L, 1_700_000_000_005L);
    private final Command.CreditLeg credit = new Command.CreditLeg("t-000123456", "acct-000042", "acct-000917", 12_345L,
            "EUR");

    @Benchmark
    public Decision debit() {
        return LedgerRules.decideTransfer(transfer, envelope, source, null);
    }

    @Benchmark
    public Decision debitRejectedForFunds() {
        return LedgerRules.decideTransfer(tooLarge, envelope, source, null);
    }

    @Benchmark
    public Decision credit() {
        return LedgerRules.decideCredit(credit, destination);
    }

    @Benchmark
    public Money parseAmount() {
        return Money.parse("12345.67", "EUR");
    }
}
