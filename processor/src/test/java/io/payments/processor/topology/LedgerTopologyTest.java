package io.payments.processor.topology;

import io.payments.schemas.topics.DeadLetterHeaders;
import static io.payments.avro.AccountKind.CUSTOMER;
import static io.payments.avro.AccountKind.SETTLEMENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.payments.avro.LedgerEntry;
import io.payments.avro.Leg;
import io.payments.avro.OpenAccount;
import io.payments.avro.Outcome;
import io.payments.avro.RejectReason;
import io.payments.avro.RequestType;
import io.payments.avro.TransferResult;
import io.payments.schemas.serde.DecodeFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LedgerTopologyTest {

    private TopologyFixture ledger;

    @BeforeEach
    void openAccounts() {
        ledger = TopologyFixture.withFundedAlice();
        ledger.open("yen", "JPY", CUSTOMER);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void aTransferIsDebitedCreditedAndCompleted() {
        TransferResult result = ledger.transfer("t-100", "alice", "bob", 300, "EUR");

        assertThat(result.getOutcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(result.getReason()).isNull();
        assertThat(result.getDuplicate()).isFalse();
        assertThat(result.getMetadata()).containsEntry("ref", "t-100");
        List<LedgerEntry> entries = ledger.entries();
        assertThat(entries).extracting(LedgerEntry::getAccountId, LedgerEntry::getLeg, LedgerEntry::getAmountMinor,
                        LedgerEntry::getBalanceAfterMinor, LedgerEntry::getAccountVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", Leg.DEBIT, -300L, 700L, 2L),
                        org.assertj.core.groups.Tuple.tuple("bob", Leg.CREDIT, 300L, 300L, 1L));
        // The debit was caused by the sixth command (offset 5), the credit by the second credit leg (offset 1).
        assertThat(entries).extracting(LedgerEntry::getCausePartition, LedgerEntry::getCauseOffset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 5L), org.assertj.core.groups.Tuple.tuple(0, 1L));
        assertThat(ledger.account("alice").getBalanceMinor()).isEqualTo(700);
        assertThat(ledger.account("bob").getBalanceMinor()).isEqualTo(300);
        assertThat(ledger.account("bank").getBalanceMinor()).isEqualTo(-1_000);
    }

    @Test
    void rejectionsMoveNothingAndSayWhy() {
        assertRejected(ledger.transfer("carol", "bob", 1, "EUR"), RejectReason.UNKNOWN_SOURCE_ACCOUNT);
        assertRejected(ledger.transfer("alice", "bob", 0, "EUR"), RejectReason.NON_POSITIVE_AMOUNT);
        assertRejected(ledger.transfer("alice", "bob", -5, "EUR"), RejectReason.NON_POSITIVE_AMOUNT);
        assertRejected(ledger.transfer("alice", "alice", 5, "EUR"), RejectReason.SAME_ACCOUNT);
        assertRejected(ledger.transfer("alice", "bob", 5, "USD"), RejectReason.CURRENCY_MISMATCH);
        assertRejected(ledger.transfer("alice", "bob", 5, "ZZZ"), RejectReason.INVALID_FIELD);
        assertRejected(ledger.send("alice", new OpenAccount("open-again", "alice", "EUR", CUSTOMER,
                TopologyFixture.REQUESTED_AT)), RejectReason.ACCOUNT_ALREADY_EXISTS);

        TransferResult tooMuch = ledger.transfer("alice", "bob", 1_001, "EUR");
        assertRejected(tooMuch, RejectReason.INSUFFICIENT_FUNDS);
        assertThat(tooMuch.getObservedBalanceMinor()).isEqualTo(1_000);
        assertThat(tooMuch.getObservedVersion()).isEqualTo(1);
        assertThat(tooMuch.getReasonDetail()).isEqualTo("balance 10.00 EUR is below the amount 10.01 EUR");

        assertThat(ledger.entries()).isEmpty();
        assertThat(ledger.account("alice").getBalanceMinor()).isEqualTo(1_000);
    }

    @Test
    void aSettlementAccountThatWouldLeaveSixtyFourBitsIsAnOverflow() {
        assertThat(ledger.transfer("bank", "alice", Long.MAX_VALUE - 1_000, "EUR").getOutcome()).isEqualTo(Outcome.COMPLETED);
        ledger.open("bank2", "EUR", SETTLEMENT);

        assertRejected(ledger.transfer("bank", "bob", 2, "EUR"), RejectReason.AMOUNT_OVERFLOW);
        TransferResult reversed = ledger.transfer("bank2", "alice", 1, "EUR");
        assertThat(reversed.getOutcome()).isEqualTo(Outcome.REVERSED);
        assertThat(reversed.getReason()).isEqualTo(RejectReason.AMOUNT_OVERFLOW);
    }

    @Test
    void aCreditThatCannotBeAppliedIsRefundedAndTheTransferReversed() {
        TransferResult unknown = ledger.transfer("t-u", "alice", "nobody", 100, "EUR");
        assertThat(unknown.getOutcome()).isEqualTo(Outcome.REVERSED);
        assertThat(unknown.getReason()).isEqualTo(RejectReason.UNKNOWN_DESTINATION_ACCOUNT);
        assertThat(unknown.getReasonDetail()).isEqualTo("account nobody is not open");
        assertThat(ledger.entries()).extracting(LedgerEntry::getLeg, LedgerEntry::getAmountMinor, LedgerEntry::getBalanceAfterMinor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Leg.DEBIT, -100L, 900L),
                        org.assertj.core.groups.Tuple.tuple(Leg.REFUND, 100L, 1_000L));

        ledger.open("usd", "USD", CUSTOMER);
        TransferResult mismatch = ledger.transfer("alice", "usd", 100, "EUR");
        assertThat(mismatch.getOutcome()).isEqualTo(Outcome.REVERSED);
        assertThat(mismatch.getReason()).isEqualTo(RejectReason.CURRENCY_MISMATCH);
        assertThat(ledger.account("alice").getBalanceMinor()).isEqualTo(1_000);
        assertThat(ledger.account("alice").getVersion()).isEqualTo(5);
    }

    @Test
    void aRetryGetsTheOriginalOutcomeAndMovesNoMoney() {
        TransferResult first = ledger.transfer("t-r", "alice", "bob", 400, "EUR");
        ledger.entries();
        TransferResult retry = ledger.transfer("t-r", "alice", "bob", 400, "EUR");

        assertThat(retry.getDuplicate()).isTrue();
        assertThat(retry.getOutcome()).isEqualTo(first.getOutcome());
        assertThat(ledger.entries()).isEmpty();
        assertThat(ledger.account("alice").getBalanceMinor()).isEqualTo(600);

        TransferResult rejected = ledger.transfer("t-x", "alice", "bob", 5_000, "EUR");
        ledger.transfer("bank", "alice", 10_000, "EUR");
        TransferResult rejectedAgain = ledger.transfer("t-x", "alice", "bob", 5_000, "EUR");
        assertThat(rejectedAgain.getReason()).isEqualTo(RejectReason.INSUFFICIENT_FUNDS);
        assertThat(rejectedAgain.getObservedBalanceMinor()).isEqualTo(rejected.getObservedBalanceMinor());
        assertThat(rejectedAgain.getDuplicate()).isTrue();
    }

    @Test
    void anIdReusedForOtherContentIsRejectedAndTheOriginalStands() {
        ledger.transfer("t-d", "alice", "bob", 400, "EUR");
        ledger.entries();

        TransferResult reused = ledger.transfer("t-d", "alice", "bob", 401, "EUR");
        assertRejected(reused, RejectReason.ID_REUSED_WITH_DIFFERENT_CONTENT);
        assertThat(reused.getReasonDetail()).isEqualTo("id t-d was first used from alice for another request (TRANSFER of 400 EUR to bob)");
        assertThat(ledger.transfer("t-d", "alice", "bob", 400, "EUR").getDuplicate()).isTrue();
        assertThat(ledger.entries()).isEmpty();
        assertThat(ledger.transfer("t-d", "bob", "alice", 1, "EUR").getOutcome())
                .as("ids are scoped to the source account").isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void anIdReusedWithAnInvalidFieldGetsInvalidFieldAndTheOriginalStands() {
        ledger.transfer("t-v", "alice", "bob", 400, "EUR");
        ledger.entries();

        TransferResult reused = ledger.transfer("t-v", "alice", "bob", 400, "EUX");
        assertRejected(reused, RejectReason.INVALID_FIELD);
        assertThat(reused.getReasonDetail()).startsWith("currency:");
        assertThat(reused.getRecorded()).as("the id stays the original's").isFalse();
        TransferResult retry = ledger.transfer("t-v", "alice", "bob", 400, "EUR");
        assertThat(retry.getDuplicate()).isTrue();
        assertThat(retry.getOutcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(ledger.entries()).isEmpty();
    }

    @Test
    void anOpenAccountRetryIsRecognised() {
        OpenAccount open = new OpenAccount("req-1", "dave", "EUR", CUSTOMER, TopologyFixture.REQUESTED_AT);
        assertThat(ledger.send("dave", open).getOutcome()).isEqualTo(Outcome.COMPLETED);
        TransferResult retry = ledger.send("dave", open);
        assertThat(retry.getOutcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(retry.getDuplicate()).isTrue();
        assertThat(retry.getRequestType()).isEqualTo(RequestType.OPEN_ACCOUNT);
        assertRejected(ledger.send("dave", new OpenAccount("req-1", "dave", "JPY", CUSTOMER, TopologyFixture.REQUESTED_AT)),
                RejectReason.ID_REUSED_WITH_DIFFERENT_CONTENT);
        assertRejected(ledger.send("dave", new OpenAccount("req-2", "dave", "EUR", CUSTOMER, TopologyFixture.REQUESTED_AT)),
                RejectReason.ACCOUNT_ALREADY_EXISTS);
    }

    @Test
    void aCommandOnTheWrongKeyIsRejectedWithoutTouchingState() {
        TransferResult wrongKey = ledger.send("bob", TopologyFixture.request("t-k", "alice", "bob", 5, "EUR"));
        assertRejected(wrongKey, RejectReason.INVALID_FIELD);
        assertThat(wrongKey.getReasonDetail()).startsWith("key: the record key \"bob\" differs");
        TransferResult nullKey = ledger.send(null, TopologyFixture.request("t-k", "alice", "bob", 5, "EUR"));
        assertThat(nullKey.getReasonDetail()).startsWith("key: the record key is missing");
        assertThat(ledger.transfer("t-k", "alice", "bob", 5, "EUR").getOutcome())
                .as("the id was not taken by the misrouted request").isEqualTo(Outcome.COMPLETED);
        TransferResult blankId = ledger.send("alice", TopologyFixture.request(" ", "alice", "bob", 5, "EUR"));
        assertRejected(blankId, RejectReason.INVALID_FIELD);
        assertThat(blankId.getReasonDetail()).startsWith("transferId:");
    }

    @Test
    void undecodableRecordsGoToTheDeadLetterTopicAndProcessingContinues() {
        ledger.rawCommands.pipeInput("alice".getBytes(StandardCharsets.UTF_8), "{\"amount\": 5}".getBytes(StandardCharsets.UTF_8));
        ledger.rawCommands.pipeInput("alice".getBytes(StandardCharsets.UTF_8), new byte[0]);
        ledger.rawCommands.pipeInput("alice".getBytes(StandardCharsets.UTF_8), (byte[]) null);

        List<TestRecord<byte[], byte[]>> dead = ledger.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(3);
        assertThat(header(dead.get(0).headers(), DeadLetterHeaders.REASON)).isEqualTo(DecodeFailure.WRONG_MAGIC_BYTE.name());
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"amount\": 5}");
        assertThat(header(dead.get(0).headers(), DeadLetterHeaders.TOPIC)).isEqualTo("payments.commands");
        assertThat(header(dead.get(0).headers(), DeadLetterHeaders.PARTITION)).isEqualTo("0");
        assertThat(header(dead.get(0).headers(), DeadLetterHeaders.OFFSET)).isNotBlank();
        assertThat(header(dead.get(1).headers(), DeadLetterHeaders.REASON)).isEqualTo(DecodeFailure.EMPTY_PAYLOAD.name());
        assertThat(header(dead.get(2).headers(), DeadLetterHeaders.REASON)).isEqualTo("NULL_VALUE");
        assertThat(ledger.results()).isEmpty();

        assertThat(ledger.transfer("alice", "bob", 1, "EUR").getOutcome()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void metersCountResultsLegsAmountsAndDeadLettersWithBoundedLabels() {
        ledger.transfer("alice", "bob", 300, "EUR");
        ledger.transfer("alice", "nobody", 100, "EUR");
        ledger.transfer("alice", "bob", 99_999, "EUR");
        ledger.rawCommands.pipeInput("alice".getBytes(StandardCharsets.UTF_8), new byte[0]);

        assertThat(requests("COMPLETED", "NONE")).isEqualTo(2.0);
        assertThat(requests("REVERSED", "UNKNOWN_DESTINATION_ACCOUNT")).isEqualTo(1.0);
        assertThat(requests("REJECTED", "INSUFFICIENT_FUNDS")).isEqualTo(1.0);
        assertThat(ledger.meters.get("payments.legs").tags("leg", "DEBIT", "currency", "EUR").counter().count()).isEqualTo(3.0);
        assertThat(ledger.meters.get("payments.moved.minor.units").tags("leg", "REFUND", "currency", "EUR").functionCounter().count())
                .isEqualTo(100.0);
        assertThat(ledger.meters.get("payments.moved.minor.units").tags("leg", "CREDIT", "currency", "EUR").functionCounter().count())
                .as("the funding and the 300").isEqualTo(1_300.0);
        assertThat(ledger.meters.get("payments.dead.letters").tags("reason", "EMPTY_PAYLOAD").counter().count()).isEqualTo(1.0);
        assertThat(ledger.meters.get("payments.request.applied").timer().count()).as("5 results in the set-up, 3 here")
                .isEqualTo(8);
        assertThat(ledger.meters.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags())
                .noneMatch(tag -> tag.getValue().equals("alice") || tag.getValue().equals("bob")));
    }

    private double requests(String outcome, String reason) {
        return ledger.meters.get("payments.requests").tags("type", "TRANSFER", "outcome", outcome, "reason", reason,
                "duplicate", "false").counter().count();
    }

    @Test
    void balancesArePublishedWhenAskedFor() {
        try (TopologyFixture withBalances = new TopologyFixture(new LedgerTopology.Options(
                Duration.ofDays(7), Duration.ofSeconds(1), 100, true, 100, 1))) {
            withBalances.open("bank", "EUR", SETTLEMENT);
            withBalances.open("alice", "EUR", CUSTOMER);
            withBalances.transfer("bank", "alice", 70, "EUR");
            assertThat(withBalances.balances.readKeyValuesToMap()).hasSize(2);
        }
        assertThat(ledger.balances.isEmpty()).isTrue();
    }

    private static void assertRejected(TransferResult result, RejectReason reason) {
        assertThat(result.getOutcome()).isEqualTo(Outcome.REJECTED);
        assertThat(result.getReason()).isEqualTo(reason);
        assertThat(result.getDuplicate()).isFalse();
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
