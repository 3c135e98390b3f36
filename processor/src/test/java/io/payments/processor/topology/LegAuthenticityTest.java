package io.payments.processor.topology;

import static io.payments.avro.AccountKind.CUSTOMER;
import static io.payments.avro.AccountKind.SETTLEMENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.payments.avro.CreditLeg;
import io.payments.avro.Outcome;
import io.payments.avro.RefundLeg;
import io.payments.avro.RejectReason;
import io.payments.avro.RetryEcho;
import io.payments.processor.legs.LegAuthentication;
import io.payments.processor.legs.LegKeys;
import io.payments.processor.legs.LegSignature;
import io.payments.schemas.topics.PaymentTopic;
import java.util.Base64;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Only the processor moves money: a leg on payments.credits is applied only if the processor
 * signed it for that key and partition, and only once. Forged, re-keyed, replayed and copied legs
 * are dead letters that change nothing, and the processor goes on.
 */
class LegAuthenticityTest {

    private static final long MILLION = 100_000_000L;

    @Test
    void aCreditLegWithoutTheProcessorsSignatureMintsNothing() {
        try (TopologyFixture ledger = funded()) {
            ledger.credits.pipeInput("bob", new CreditLeg("forged-1", "alice", "bob", MILLION, "EUR",
                    TopologyFixture.REQUESTED_AT, 99L, null, null, null, null, null), ledger.now());
            LegSignature otherKey = new LegSignature(LegKeys.parse("evil:" + Base64.getEncoder().encodeToString(
                    new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
                            26, 27, 28, 29, 30, 31, 32}), ""));
            CreditLeg signedElsewhere = new CreditLeg("forged-2", "alice", "bob", MILLION, "EUR",
                    TopologyFixture.REQUESTED_AT, 99L, null, null, null, null, null);
            otherKey.sign(signedElsewhere, "bob", 0);
            signedElsewhere.setKeyId(TopologyFixture.KEYS.current());
            ledger.credits.pipeInput("bob", signedElsewhere, ledger.now());

            assertThat(ledger.deadLetterReasons()).containsExactly("FORGED_LEG", "FORGED_LEG");
            assertThat(ledger.entries()).isEmpty();
            assertThat(ledger.results()).isEmpty();
            assertThat(ledger.account("bob").getBalanceMinor()).isZero();
            assertThat(ledger.transfer("alice", "bob", 5, "EUR").getOutcome()).as("the processor goes on")
                    .isEqualTo(Outcome.COMPLETED);
        }
    }

    @Test
    void aGenuineCreditLegIsAppliedOnceAndNeverUnderAnotherKey() {
        try (TopologyFixture ledger = funded()) {
            TestOutputTopic<String, SpecificRecord> legs = legs(ledger);
            legs.readRecordsToList();
            ledger.transfer("t-1", "alice", "bob", 300, "EUR");
            TestRecord<String, SpecificRecord> credit = legs.readRecordsToList().get(0);
            ledger.entries();

            ledger.credits.pipeInput(credit.key(), credit.value(), ledger.now());
            ledger.credits.pipeInput("carol", credit.value(), ledger.now());

            assertThat(ledger.deadLetterReasons()).containsExactly("REPLAYED_LEG", "FORGED_LEG");
            assertThat(ledger.entries()).isEmpty();
            assertThat(ledger.account("bob").getBalanceMinor()).isEqualTo(300);
        }
    }

    @Test
    void aRefundIsAppliedOnlyForADebitedRequestAndOnlyOnce() {
        try (TopologyFixture ledger = funded()) {
            TestOutputTopic<String, SpecificRecord> legs = legs(ledger);
            legs.readRecordsToList();
            assertThat(ledger.transfer("t-r", "alice", "nobody", 200, "EUR").getOutcome()).isEqualTo(Outcome.REVERSED);
            TestRecord<String, SpecificRecord> refund = legs.readRecordsToList().stream()
                    .filter(record -> record.value() instanceof RefundLeg).findFirst().orElseThrow();
            ledger.entries();

            ledger.credits.pipeInput(refund.key(), refund.value(), ledger.now());
            ledger.credits.pipeInput("alice", new RefundLeg("t-x", "alice", "bob", MILLION, "EUR",
                    TopologyFixture.REQUESTED_AT, RejectReason.UNKNOWN_DESTINATION_ACCOUNT, null, null, 1L, null, null, null, null),
                    ledger.now());

            assertThat(ledger.deadLetterReasons()).containsExactly("REPLAYED_LEG", "FORGED_LEG");
            assertThat(ledger.entries()).isEmpty();
            assertThat(ledger.results()).isEmpty();
            assertThat(ledger.account("alice").getBalanceMinor()).isEqualTo(1_000);
        }
    }

    @Test
    void anOldRefundReplayedAfterItsIdWasReusedGivesNothingBack() {
        try (TopologyFixture ledger = funded()) {
            TestOutputTopic<String, SpecificRecord> legs = legs(ledger);
            legs.readRecordsToList();
            assertThat(ledger.transfer("t-reused", "alice", "dave", 200, "EUR").getOutcome()).isEqualTo(Outcome.REVERSED);
            TestRecord<String, SpecificRecord> refund = legs.readRecordsToList().stream()
                    .filter(record -> record.value() instanceof RefundLeg).findFirst().orElseThrow();
            ledger.open("dave", "EUR", CUSTOMER);
            ledger.at(ledger.now() + TopologyFixture.OPTIONS.dedupRetention().plusDays(1).toMillis());
            assertThat(ledger.transfer("t-reused", "alice", "dave", 200, "EUR").getOutcome())
                    .as("the id, forgotten, is a new request").isEqualTo(Outcome.COMPLETED);
            ledger.entries();

            ledger.credits.pipeInput(refund.key(), refund.value(), ledger.now());

            assertThat(ledger.deadLetterReasons()).containsExactly("REPLAYED_LEG");
            assertThat(ledger.entries()).isEmpty();
            assertThat(ledger.results()).isEmpty();
            assertThat(ledger.account("alice").getBalanceMinor()).isEqualTo(800);
        }
    }

    @Test
    void aRetryEchoAnswersOnlyAProbeTheRequestSent() {
        try (TopologyFixture ledger = funded()) {
            TestOutputTopic<String, SpecificRecord> legs = legs(ledger);
            ledger.credits.pipeInput("alice", new RetryEcho("fund", "bank", "alice", null, null), ledger.now());
            assertThat(ledger.deadLetterReasons()).as("a forged echo used to stop the processor").containsExactly("FORGED_LEG");

            ledger.transfer("t-e", "alice", "bob", 10, "EUR");
            legs.readRecordsToList();
            assertThat(ledger.transfer("t-e", "alice", "bob", 10, "EUR").getDuplicate()).isTrue();
            TestRecord<String, SpecificRecord> echo = legs.readRecordsToList().stream()
                    .filter(record -> record.value() instanceof RetryEcho).findFirst().orElseThrow();
            ledger.credits.pipeInput(echo.key(), echo.value(), ledger.now());

            assertThat(ledger.deadLetterReasons()).containsExactly("REPLAYED_LEG");
            assertThat(ledger.results()).as("no second answer to one retry").isEmpty();
        }
    }

    @Test
    void legsSignedWithAPreviousKeyAndUnsignedLegsFromBeforeTheUpgradeAreStillApplied() {
        String previous = "old-1:" + Base64.getEncoder().encodeToString(new byte[32]);
        LegKeys rotated = LegKeys.parse("new-2:" + Base64.getEncoder().encodeToString(new byte[] {
                9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}), previous);
        try (TopologyFixture ledger = new TopologyFixture(TopologyFixture.OPTIONS,
                LegAuthentication.of(rotated, Map.of(0, 1L)))) {
            ledger.open("bank", "EUR", SETTLEMENT);
            ledger.open("bob", "EUR", CUSTOMER);
            // Offset 0 of payments.credits: written by the release before, unsigned, still in flight at the upgrade.
            ledger.credits.pipeInput("bob", new CreditLeg("legacy", "bank", "bob", 7L, "EUR",
                    TopologyFixture.REQUESTED_AT, 1L, null, null, null, null, null), ledger.now());
            CreditLeg oldKey = new CreditLeg("rotated", "bank", "bob", 8L, "EUR", TopologyFixture.REQUESTED_AT, 2L, null, null, null,
                    null, null);
            new LegSignature(LegKeys.parse(previous, "")).sign(oldKey, "bob", 0);
            ledger.credits.pipeInput("bob", oldKey, ledger.now());
            ledger.credits.pipeInput("bob", new CreditLeg("after", "bank", "bob", 9L, "EUR",
                    TopologyFixture.REQUESTED_AT, 3L, null, null, null, null, null), ledger.now());

            assertThat(ledger.account("bob").getBalanceMinor()).as("the legacy leg and the old key's leg").isEqualTo(15);
            assertThat(ledger.deadLetterReasons()).as("an unsigned leg after the upgrade").containsExactly("FORGED_LEG");
        }
    }

    private static TopologyFixture funded() {
        TopologyFixture ledger = new TopologyFixture();
        ledger.open("bank", "EUR", SETTLEMENT);
        ledger.open("alice", "EUR", CUSTOMER);
        ledger.open("bob", "EUR", CUSTOMER);
        ledger.open("carol", "EUR", CUSTOMER);
        ledger.transfer("fund", "bank", "alice", 1_000, "EUR");
        ledger.entries();
        ledger.results();
        return ledger;
    }

    private static TestOutputTopic<String, SpecificRecord> legs(TopologyFixture ledger) {
        return ledger.driver.createOutputTopic(ledger.topics.name(PaymentTopic.CREDITS), new StringDeserializer(),
                ledger.serdes.<SpecificRecord>forTopic(PaymentTopic.CREDITS).deserializer());
    }
}
