package io.payments.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payments.ledger.Command.CreditLeg;
import io.payments.ledger.Command.OpenAccount;
import io.payments.ledger.Command.RefundLeg;
import io.payments.ledger.Command.Transfer;
import io.payments.ledger.Decision.CreditRefused;
import io.payments.ledger.Decision.Credited;
import io.payments.ledger.Decision.Debited;
import io.payments.ledger.Decision.Opened;
import io.payments.ledger.Decision.Rejected;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerRulesTest {

    static final long NOW = 1_764_000_000_000L;
    private static final Account ALICE = new Account("alice", "EUR", AccountKind.CUSTOMER, 1_000, 4);
    private static final Account BANK = new Account("bank", "EUR", AccountKind.SETTLEMENT, -5_000, 9);

    @Test
    void debitTakesTheAmountAndAddsAVersion() {
        Decision decision = decide(transfer("alice", "bob", 400), ALICE);

        assertThat(decision).isEqualTo(new Debited(new Account("alice", "EUR", AccountKind.CUSTOMER, 600, 5),
                new Entry("alice", 5, -400, "EUR", 600, Leg.DEBIT, 0, 0)));
    }

    @Test
    void aCustomerMayReachZeroButNotBelow() {
        assertThat(decide(transfer("alice", "bob", 1_000), ALICE)).isInstanceOf(Debited.class);
        assertThat(decide(transfer("alice", "bob", 1_001), ALICE)).isEqualTo(new Rejected(
                RejectReason.INSUFFICIENT_FUNDS, "balance 10.00 EUR is below the amount 10.01 EUR", ALICE, true));
    }

    @Test
    void aSettlementAccountMayGoNegativeUntilSixtyFourBitsRunOut() {
        assertThat(decide(transfer("bank", "alice", 1_000_000), BANK)).isInstanceOf(Debited.class);
        Account deep = new Account("bank", "EUR", AccountKind.SETTLEMENT, Long.MIN_VALUE + 10, 1);
        Decision decision = decide(transfer("bank", "alice", 11), deep);
        assertThat(decision).isInstanceOfSatisfying(Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.AMOUNT_OVERFLOW);
            assertThat(r.observed()).isEqualTo(deep);
        });
    }

    @Test
    void everyTransferRejectionReason() {
        assertThat(reason(decide(transfer("alice", "bob", 0), ALICE))).isEqualTo(RejectReason.NON_POSITIVE_AMOUNT);
        assertThat(reason(decide(transfer("alice", "bob", -5), ALICE))).isEqualTo(RejectReason.NON_POSITIVE_AMOUNT);
        assertThat(reason(decide(transfer("alice", "alice", 5), ALICE))).isEqualTo(RejectReason.SAME_ACCOUNT);
        assertThat(reason(decide(transfer("carol", "bob", 5), null))).isEqualTo(RejectReason.UNKNOWN_SOURCE_ACCOUNT);
        Decision mismatch = decide(new Transfer("t", "alice", "bob", 5, "USD", null), ALICE);
        assertThat(mismatch).isEqualTo(new Rejected(RejectReason.CURRENCY_MISMATCH,
                "transfer is in USD but account alice is in EUR", ALICE, true));
    }

    @Test
    void theStateRulesAloneAreWhatAReconciliationRechecks() {
        assertThat(LedgerRules.debit(transfer("alice", "bob", 400), ALICE)).isEqualTo(decide(transfer("alice", "bob", 400), ALICE));
        assertThat(reason(LedgerRules.debit(transfer("alice", "bob", 1_001), ALICE))).isEqualTo(RejectReason.INSUFFICIENT_FUNDS);
    }

    @Test
    void invalidFieldsAreNamed() {
        assertThat(detail(decide(new Transfer("", "alice", "bob", 5, "EUR", null), ALICE)))
                .startsWith("transferId: must be 1 to 64 characters");
        assertThat(detail(decide(new Transfer("t", "alice", " ", 5, "EUR", null), ALICE)))
                .startsWith("destinationAccountId:");
        assertThat(detail(decide(new Transfer("t", "a".repeat(65), "bob", 5, "EUR", null), ALICE)))
                .startsWith("sourceAccountId:");
        assertThat(detail(decide(new Transfer("t", "alice", "bob", 5, "EUX", null), ALICE)))
                .isEqualTo("currency: \"EUX\" is not an ISO 4217 code with a minor unit, such as EUR, USD or JPY");
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i < 17; i++) {
            tooMany.put("k" + i, "v");
        }
        assertThat(detail(decide(new Transfer("t", "alice", "bob", 5, "EUR", tooMany), ALICE)))
                .isEqualTo("metadata: at most 16 entries, got 17");
        assertThat(detail(decide(new Transfer("t", "alice", "bob", 5, "EUR", Map.of("k", "v".repeat(257))), ALICE)))
                .startsWith("metadata: value of \"k\" must be at most 256");
        assertThat(LedgerRules.isValidId("tab\there")).isFalse();
        assertThat(LedgerRules.isValidId("550e8400-e29b-41d4-a716-446655440000")).isTrue();
    }

    @Test
    void creditOrRefusal() {
        Account bob = new Account("bob", "EUR", AccountKind.CUSTOMER, Long.MAX_VALUE - 10, 2);
        assertThat(LedgerRules.decideCredit(credit(10, "EUR"), bob)).isEqualTo(new Credited(
                new Account("bob", "EUR", AccountKind.CUSTOMER, Long.MAX_VALUE, 3),
                new Entry("bob", 3, 10, "EUR", Long.MAX_VALUE, Leg.CREDIT, 0, 0)));
        assertThat(LedgerRules.decideCredit(credit(11, "EUR"), bob))
                .isInstanceOfSatisfying(CreditRefused.class, r -> assertThat(r.reason()).isEqualTo(RejectReason.AMOUNT_OVERFLOW));
        assertThat(LedgerRules.decideCredit(credit(1, "EUR"), null)).isEqualTo(
                new CreditRefused(RejectReason.UNKNOWN_DESTINATION_ACCOUNT, "account bob is not open"));
        assertThat(LedgerRules.decideCredit(credit(1, "GBP"), bob))
                .isInstanceOfSatisfying(CreditRefused.class, r -> assertThat(r.reason()).isEqualTo(RejectReason.CURRENCY_MISMATCH));
    }

    @Test
    void refundGivesTheAmountBackAndCannotBeRefused() {
        RefundLeg refund = new RefundLeg("t", "alice", "bob", 400, "EUR", RejectReason.UNKNOWN_DESTINATION_ACCOUNT);
        assertThat(LedgerRules.decideRefund(refund, ALICE).entry()).isEqualTo(new Entry("alice", 5, 400, "EUR", 1_400, Leg.REFUND, 0, 0));
        assertThatThrownBy(() -> LedgerRules.decideRefund(refund, null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void openingAnAccount() {
        assertThat(open(new OpenAccount("r1", "dave", "JPY", AccountKind.CUSTOMER), null))
                .isEqualTo(new Opened(new Account("dave", "JPY", AccountKind.CUSTOMER, 0, 0)));
        assertThat(reason(open(new OpenAccount("r1", "alice", "EUR", AccountKind.CUSTOMER), ALICE)))
                .isEqualTo(RejectReason.ACCOUNT_ALREADY_EXISTS);
        assertThat(detail(open(new OpenAccount("r1", "dave", "eur", AccountKind.CUSTOMER), null)))
                .startsWith("currency:");
        assertThat(detail(open(new OpenAccount("r1", "dave", "EUR", null), null)))
                .isEqualTo("kind: must be CUSTOMER or SETTLEMENT");
    }

    /** A transfer decided as new, on its source's partition, at the broker's time. */
    static Decision decide(Transfer transfer, Account source) {
        return LedgerRules.decideTransfer(transfer, sound(transfer.sourceAccountId()), source, null);
    }

    static Decision open(OpenAccount open, Account existing) {
        return LedgerRules.decideOpenAccount(open, sound(open.accountId()), existing, null);
    }

    /** The envelope of a request keyed by its account, on its partition, sent at the broker's time. */
    static Envelope sound(String accountId) {
        return new Envelope(accountId, null, NOW, NOW);
    }

    private static Transfer transfer(String from, String to, long amount) {
        return new Transfer("t-1", from, to, amount, "EUR", null);
    }

    private static CreditLeg credit(long amount, String currency) {
        return new CreditLeg("t-1", "alice", "bob", amount, currency);
    }

    static RejectReason reason(Decision decision) {
        return ((Rejected) decision).reason();
    }

    static String detail(Decision decision) {
        return ((Rejected) decision).detail();
    }

    @Test
    void anIdHoldsNothingAnEchoWouldEscape() {
        assertThat(LedgerRules.isValidId("tx-\uFFFD")).as("U+FFFD usually stands for lost bytes").isFalse();
        assertThat(LedgerRules.isValidId("tx-\u0085")).as("a C1 control").isFalse();
        assertThat(LedgerRules.isValidId("tx-\uD800")).as("a lone surrogate").isFalse();
        assertThat(LedgerRules.isValidId("tx-\uD83D\uDCB6-Zoë")).isTrue();
    }
}
