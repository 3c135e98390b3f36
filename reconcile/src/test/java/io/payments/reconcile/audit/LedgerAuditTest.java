package io.payments.reconcile.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.avro.AccountKind;
import io.payments.avro.LedgerEntry;
import io.payments.avro.Leg;
import io.payments.avro.Outcome;
import io.payments.avro.RejectReason;
import io.payments.avro.RequestType;
import io.payments.avro.TransferResult;
import io.payments.reconcile.spill.SpillStore;
import io.payments.schemas.topics.PaymentTopic;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audits on hand-written facts: each broken rule is reported with its kind and ids, nothing else is. */
class LedgerAuditTest {

    private static final long NOW = 1_000_000L;

    @TempDir
    Path dir;

    private SpillStore store;
    private Facts facts;
    private Findings findings;
    private long offset;

    @BeforeEach
    void open() {
        store = new SpillStore(dir);
        facts = new Facts(store);
        findings = new Findings(10);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aConsistentLedgerHasNoViolation() {
        open("bank", AccountKind.SETTLEMENT);
        open("alice", AccountKind.CUSTOMER);
        transfer("f1", "bank", "alice", 500, Outcome.COMPLETED, null);
        entry("bank", 1, -500, -500, "f1", "bank", "alice", Leg.DEBIT);
        facts.creditLeg("bank", "f1", 0, offset++);
        entry("alice", 1, 500, 500, "f1", "bank", "alice", Leg.CREDIT);
        rejected("x1", "alice", "bank", 900, 500L, 1L);

        audit();

        assertThat(findings.counts()).as("%s", findings.examples()).isEmpty();
        assertThat(findings.balances()).containsEntry("EUR", 0L);
        assertThat(findings.checked()).containsEntry("INSUFFICIENT_FUNDS rejections re-checked", 1L);
    }

    @Test
    void brokenVersionsSumsRulesAndRejectionsAreEachReported() {
        open("bank", AccountKind.SETTLEMENT);
        open("alice", AccountKind.CUSTOMER);
        transfer("f1", "bank", "alice", 500, Outcome.COMPLETED, null);
        entry("bank", 1, -500, -500, "f1", "bank", "alice", Leg.DEBIT);
        facts.creditLeg("bank", "f1", 0, offset++);
        entry("alice", 1, 500, 500, "f1", "bank", "alice", Leg.CREDIT);
        transfer("f2", "bank", "alice", 100, Outcome.COMPLETED, null);
        entry("bank", 3, -100, -600, "f2", "bank", "alice", Leg.DEBIT);
        facts.creditLeg("bank", "f2", 0, offset++);
        entry("alice", 2, 100, 700, "f2", "bank", "alice", Leg.CREDIT);
        rejected("x1", "alice", "bank", 300, 700L, 2L);
        entry("carol", 1, 5, 5, "f9", "carol", "bank", Leg.CREDIT);

        audit();

        assertThat(findings.examples().get(ViolationKind.VERSION_GAP)).singleElement()
                .satisfies(v -> assertThat(v.ids()).containsExactly("account=bank", "version=3"));
        assertThat(findings.examples().get(ViolationKind.BALANCE_NOT_RUNNING_SUM)).singleElement()
                .satisfies(v -> assertThat(v.ids()).containsExactly("account=alice", "version=2"));
        assertThat(findings.examples().get(ViolationKind.REJECTION_NOT_JUSTIFIED)).singleElement()
                .satisfies(v -> assertThat(v.ids()).containsExactly("account=alice", "transfer=x1"));
        assertThat(findings.examples().get(ViolationKind.ENTRY_FOR_UNOPENED_ACCOUNT)).singleElement()
                .satisfies(v -> assertThat(v.ids()).containsExactly("account=carol", "version=1"));
        assertThat(findings.counts()).containsKey(ViolationKind.ENTRY_WITHOUT_REQUEST);
    }

    @Test
    void resultsAndLegsMustMatchTheirRequests() {
        open("bank", AccountKind.SETTLEMENT);
        open("alice", AccountKind.CUSTOMER);
        transfer("f1", "bank", "alice", 500, Outcome.COMPLETED, null);
        facts.result(result("f1", "bank", "alice", 500, Outcome.COMPLETED, null, false), 0, offset++);
        entry("bank", 1, -500, -500, "f1", "bank", "alice", Leg.DEBIT);
        facts.creditLeg("bank", "f1", 0, offset++);
        entry("alice", 1, 400, 400, "f1", "bank", "alice", Leg.CREDIT);
        facts.transferRequest("alice", "late", "bank", 1, "EUR", NOW - 1, 0, offset++, false);
        facts.transferRequest("alice", "fresh", "bank", 1, "EUR", NOW + 1, 0, offset++, false);
        facts.refusedInput(PaymentTopic.COMMANDS, 3, 17, NOW - 1, "WRONG_MAGIC_BYTE");
        facts.refusedInput(PaymentTopic.COMMANDS, 3, 18, NOW - 1, "WRONG_MAGIC_BYTE");
        facts.deadLettered(PaymentTopic.COMMANDS, 3, 18);
        facts.refusedInput(PaymentTopic.CREDITS, 3, 17, NOW - 1, "WRONG_PARTITION");
        facts.deadLettered(PaymentTopic.CREDITS, 3, 17);

        audit();

        assertThat(findings.examples().get(ViolationKind.RESULT_WITHOUT_REQUEST)).singleElement()
                .satisfies(v -> assertThat(v.ids()).containsExactly("source=bank", "transfer=f1"));
        assertThat(findings.examples().get(ViolationKind.DUPLICATE_FINAL_RESULT)).singleElement()
                .satisfies(v -> assertThat(v.ids()).containsExactly("source=bank", "transfer=f1"));
        assertThat(findings.examples().get(ViolationKind.LEGS_DO_NOT_MATCH_OUTCOME)).singleElement()
                .satisfies(v -> assertThat(v.ids()).containsExactly("source=bank", "transfer=f1"));
        assertThat(findings.examples().get(ViolationKind.MISSING_RESULT)).singleElement()
                .satisfies(v -> assertThat(v.ids()).containsExactly("source=alice", "transfer=late"));
        assertThat(findings.checked()).containsEntry("requests pending (within the grace)", 1L);
        assertThat(findings.examples().get(ViolationKind.UNDECODABLE_NOT_DEAD_LETTERED)).singleElement()
                .satisfies(v -> assertThat(v.ids()).containsExactly("topic=payments.commands", "partition=3", "offset=17"));
        assertThat(findings.examples().get(ViolationKind.IMBALANCE)).singleElement()
                .satisfies(v -> assertThat(v.ids()).containsExactly("EUR"));
    }

    @Test
    void anAccountOpenedOnTwoPartitionsIsReported() {
        open("bank", AccountKind.SETTLEMENT);
        // One OpenAccount from a librdkafka producer (CRC32: partition 2), one from a Java producer (murmur2: partition 4),
        // as a processor without the partition check would have answered them: both COMPLETED.
        facts.openAccountRequest("acct-zz1", "open-kcat", "EUR", 0, 2, offset++, true);
        facts.result(opened("acct-zz1", "open-kcat", AccountKind.CUSTOMER), 0, offset++);
        facts.openAccountRequest("acct-zz1", "open-java", "EUR", 0, 4, offset++, false);
        facts.result(opened("acct-zz1", "open-java", AccountKind.CUSTOMER), 0, offset++);

        audit();

        assertThat(findings.examples().get(ViolationKind.ACCOUNT_OPENED_ON_SEVERAL_PARTITIONS)).singleElement()
                .satisfies(v -> {
                    assertThat(v.ids()).containsExactly("account=acct-zz1", "openings=2");
                    assertThat(v.detail()).contains("[open-kcat, open-java]").contains("partitions [2, 4]");
                });
        assertThat(findings.examples().get(ViolationKind.WRONG_PARTITION_NOT_REFUSED)).singleElement()
                .satisfies(v -> assertThat(v.ids()).containsExactly("source=acct-zz1", "transfer=open-kcat"));
        assertThat(findings.counts()).containsOnlyKeys(ViolationKind.ACCOUNT_OPENED_ON_SEVERAL_PARTITIONS,
                ViolationKind.WRONG_PARTITION_NOT_REFUSED);
    }

    @Test
    void aCommandAppliedOnAWrongPartitionIsReportedAndOneRefusedIsNot() {
        open("bank", AccountKind.SETTLEMENT);
        open("alice", AccountKind.CUSTOMER);
        // Applied where it did not belong: debited and credited on the wrong task.
        facts.transferRequest("bank", "applied", "alice", 70, "EUR", 0, 5, offset++, true);
        facts.result(result("applied", "bank", "alice", 70, Outcome.COMPLETED, null, false), 0, offset++);
        entry("bank", 1, -70, -70, "applied", "bank", "alice", Leg.DEBIT);
        facts.creditLeg("bank", "applied", 0, offset++);
        entry("alice", 1, 70, 70, "applied", "bank", "alice", Leg.CREDIT);
        // Refused as it should be: not recorded, nothing moved; then the same id on its own partition completes.
        facts.transferRequest("bank", "refused", "alice", 5, "EUR", 0, 5, offset++, true);
        TransferResult refused = result("refused", "bank", "alice", 5, Outcome.REJECTED, RejectReason.WRONG_PARTITION, false);
        refused.setRecorded(false);
        facts.result(refused, 0, offset++);
        transfer("refused", "bank", "alice", 5, Outcome.COMPLETED, null);
        entry("bank", 2, -5, -75, "refused", "bank", "alice", Leg.DEBIT);
        facts.creditLeg("bank", "refused", 0, offset++);
        entry("alice", 2, 5, 75, "refused", "bank", "alice", Leg.CREDIT);

        audit();

        assertThat(findings.examples().get(ViolationKind.WRONG_PARTITION_NOT_REFUSED)).singleElement()
                .satisfies(v -> {
                    assertThat(v.ids()).containsExactly("source=bank", "transfer=applied");
                    assertThat(v.detail()).contains("other answers [COMPLETED]").contains("DEBIT -70 on bank");
                });
        assertThat(findings.counts()).as("%s", findings.examples()).containsOnlyKeys(ViolationKind.WRONG_PARTITION_NOT_REFUSED);
        assertThat(findings.checked()).containsEntry("commands on a wrong partition", 2L);
    }

    private static TransferResult opened(String account, String requestId, AccountKind kind) {
        return TransferResult.newBuilder().setTransferId(requestId).setRequestType(RequestType.OPEN_ACCOUNT)
                .setSourceAccountId(account).setAmountMinor(0).setCurrency("EUR").setOutcome(Outcome.COMPLETED)
                .setRecorded(true).setRequestedAt(0).setDecidedAt(0).setAccountKind(kind).build();
    }

    /**
     * alice (funded 1,000) holds h1 (400, 60 s) and posts 150 of it, holds h2 and voids it, holds
     * h3 (60, 5 s) that expires, and h4 (50) that stays open.
     */
    private void holdsLedger(long postAt) {
        open("bank", AccountKind.SETTLEMENT);
        open("alice", AccountKind.CUSTOMER);
        open("bob", AccountKind.CUSTOMER);
        transfer("f1", "bank", "alice", 1_000, Outcome.COMPLETED, null);
        entry("bank", 1, -1_000, -1_000, "f1", "bank", "alice", Leg.DEBIT);
        facts.creditLeg("bank", "f1", 0, offset++);
        entry("alice", 1, 1_000, 1_000, "f1", "bank", "alice", Leg.CREDIT);
        placed("h1", 400, 60L, 1_000L);
        holdEntry(2, Leg.HOLD, "h1", "h1", 0, 1_000, 400, 400);
        facts.holdCommand(RequestType.POST_HOLD, "alice", "p1", "h1", postAt, 0, offset++, false);
        facts.result(hold(result("p1", "alice", "bob", 150, Outcome.COMPLETED, null, false), RequestType.POST_HOLD, "h1"),
                0, offset++);
        holdEntry(3, Leg.DEBIT, "p1", "h1", -150, 850, -400, 0);
        facts.creditLeg("alice", "p1", 0, offset++);
        entry("bob", 1, 150, 150, "p1", "alice", "alice", Leg.CREDIT);
        placed("h2", 100, null, 1_000L);
        holdEntry(4, Leg.HOLD, "h2", "h2", 0, 850, 100, 100);
        facts.holdCommand(RequestType.VOID_HOLD, "alice", "v2", "h2", 2_000L, 0, offset++, false);
        facts.result(hold(result("v2", "alice", "bob", 100, Outcome.COMPLETED, null, false), RequestType.VOID_HOLD, "h2"),
                0, offset++);
        holdEntry(5, Leg.RELEASE, "v2", "h2", 0, 850, -100, 0);
        placed("h3", 60, 5L, 1_000L);
        holdEntry(6, Leg.HOLD, "h3", "h3", 0, 850, 60, 60);
        holdEntry(7, Leg.EXPIRY, "h3", "h3", 0, 850, -60, 0);
        placed("h4", 50, null, 1_000L);
        holdEntry(8, Leg.HOLD, "h4", "h4", 0, 850, 50, 50);
    }

    @Test
    void holdsPostsVoidsAndExpiriesInARightLedgerHaveNoViolation() {
        holdsLedger(30_000L);

        audit();

        assertThat(findings.counts()).as("%s", findings.examples()).isEmpty();
        assertThat(findings.checked()).containsEntry("holds", 4L).containsEntry("holds open", 1L);
        assertThat(findings.balances()).containsEntry("EUR", 0L);
    }

    @Test
    void aPostAfterTheHoldsDeadlineIsReported() {
        holdsLedger(61_000L);

        audit();

        assertThat(findings.examples().get(ViolationKind.HOLD_ENDED_AFTER_DEADLINE)).singleElement()
                .satisfies(v -> assertThat(v.ids()).contains("transfer=h1"));
        assertThat(findings.counts()).containsOnlyKeys(ViolationKind.HOLD_ENDED_AFTER_DEADLINE);
    }

    @Test
    void aHoldEndedTwiceAndPendingDebitsThatAreNotTheOpenHoldsAreReported() {
        holdsLedger(30_000L);
        // h4 voided, but its release lands in the log as an expiry of h1, already posted.
        holdEntry(9, Leg.EXPIRY, "h1", "h1", 0, 850, -50, 0);

        audit();

        assertThat(findings.examples().get(ViolationKind.HOLD_ENDED_TWICE)).singleElement()
                .satisfies(v -> assertThat(v.ids()).contains("transfer=h1"));
        assertThat(findings.examples().get(ViolationKind.PENDING_NOT_OPEN_HOLDS)).singleElement()
                .satisfies(v -> assertThat(v.ids()).contains("account=alice"));
    }

    private void placed(String holdId, long amount, Long timeoutSeconds, long at) {
        facts.placeHoldRequest("alice", holdId, "bob", amount, "EUR", timeoutSeconds == null ? -1 : timeoutSeconds, at, 0,
                offset++, false);
        TransferResult held = hold(result(holdId, "alice", "bob", amount, Outcome.HELD, null, false), RequestType.PLACE_HOLD,
                holdId);
        facts.result(held, 0, offset++);
    }

    private static TransferResult hold(TransferResult result, RequestType type, String holdId) {
        result.setRequestType(type);
        result.setHoldId(holdId);
        return result;
    }

    private void holdEntry(long version, Leg leg, String transferId, String holdId, long amount, long balanceAfter,
                           long pendingChange, long pendingAfter) {
        facts.entry(new LedgerEntry("alice", version, amount, "EUR", balanceAfter, transferId, "alice", "bob", leg,
                0, 0L, 0L, 0L, pendingChange, pendingAfter, holdId), 0, offset++);
    }

    private void audit() {
        LedgerAudit.run(facts, findings, null, null, NOW);
    }

    private void open(String account, AccountKind kind) {
        facts.openAccountRequest(account, "open", "EUR", 0, 0, offset++, false);
        facts.result(opened(account, "open", kind), 0, offset++);
    }

    private void transfer(String id, String source, String destination, long amount, Outcome outcome, RejectReason reason) {
        facts.transferRequest(source, id, destination, amount, "EUR", 0, 0, offset++, false);
        facts.result(result(id, source, destination, amount, outcome, reason, false), 0, offset++);
    }

    private void rejected(String id, String source, String destination, long amount, Long balance, Long version) {
        facts.transferRequest(source, id, destination, amount, "EUR", 0, 0, offset++, false);
        TransferResult result = result(id, source, destination, amount, Outcome.REJECTED, RejectReason.INSUFFICIENT_FUNDS, false);
        result.setObservedBalanceMinor(balance);
        result.setObservedVersion(version);
        facts.result(result, 0, offset++);
    }

    private static TransferResult result(String id, String source, String destination, long amount, Outcome outcome,
                                         RejectReason reason, boolean duplicate) {
        return TransferResult.newBuilder().setTransferId(id).setRequestType(RequestType.TRANSFER).setSourceAccountId(source)
                .setDestinationAccountId(destination).setAmountMinor(amount).setCurrency("EUR").setOutcome(outcome)
                .setReason(reason).setRecorded(true).setDuplicate(duplicate).setRequestedAt(0).setDecidedAt(0)
                .setMetadata(Map.of()).build();
    }

    private void entry(String account, long version, long amount, long balanceAfter, String transferId, String source,
                       String counterparty, Leg leg) {
        facts.entry(new LedgerEntry(account, version, amount, "EUR", balanceAfter, transferId, source, counterparty, leg,
                0, 0L, 0L, 0L, 0L, 0L, null), 0, offset++);
    }
}
