package io.payments.processor.topology;

import static io.payments.avro.AccountKind.CUSTOMER;
import static io.payments.avro.AccountKind.SETTLEMENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.payments.avro.CreditLeg;
import io.payments.avro.OpenAccount;
import io.payments.avro.Outcome;
import io.payments.avro.RejectReason;
import io.payments.avro.TransferRequest;
import io.payments.avro.TransferResult;
import io.payments.schemas.topics.DeadLetterHeaders;
import io.payments.schemas.topics.PaymentTopic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * What a producer controls, sent the way a careless or hostile one would: keys on another
 * partition than their hash, bytes that are not UTF-8, values the projection cannot store, and
 * times outside any plausible window. None of it moves money, stops the topology, or is
 * remembered as if it were a request.
 */
class UntrustedInputTest {

    private static final int PARTITIONS = 6;
    private static final long DAY = Duration.ofDays(1).toMillis();

    /** Ids that Kafka's Java producer puts on partition 0 of 6 (the driver reads every record from partition 0), and one it does not. */
    private static final List<String> LOCAL = IntStream.range(0, 2_000).mapToObj(i -> "acct-" + i)
            .filter(id -> partition(id) == 0).limit(3).toList();
    private static final String FOREIGN = IntStream.range(0, 2_000).mapToObj(i -> "acct-" + i)
            .filter(id -> partition(id) != 0).findFirst().orElseThrow();

    private static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    @Test
    void aCommandOnAnotherPartitionThanItsKeysIsRefusedAndNotRemembered() {
        try (TopologyFixture ledger = new TopologyFixture(LedgerTopology.Options.DEFAULT.withPartitions(PARTITIONS))) {
            String bank = LOCAL.get(0);
            String alice = LOCAL.get(1);
            assertThat(ledger.open(bank, "EUR", SETTLEMENT).getOutcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(ledger.open(alice, "EUR", CUSTOMER).getOutcome()).isEqualTo(Outcome.COMPLETED);
            long remembered = ledger.requestsRemembered();

            TransferResult opening = ledger.open(FOREIGN, "EUR", CUSTOMER);
            TransferResult transfer = ledger.transfer("t-1", FOREIGN, alice, 5, "EUR");

            for (TransferResult refused : List.of(opening, transfer)) {
                assertThat(refused.getOutcome()).isEqualTo(Outcome.REJECTED);
                assertThat(refused.getReason()).isEqualTo(RejectReason.WRONG_PARTITION);
                assertThat(refused.getRecorded()).isFalse();
                assertThat(refused.getReasonDetail()).contains("is on partition 0 of payments.commands")
                        .contains("belongs on partition " + partition(FOREIGN)).contains("partitioner=murmur2_random");
            }
            assertThat(ledger.requestsRemembered()).as("nothing remembered for them").isEqualTo(remembered);
            assertThat(ledger.entries()).isEmpty();
            assertThat(ledger.account(FOREIGN)).isNull();
            assertThat(ledger.transfer(bank, alice, 5, "EUR").getOutcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(wrongPartitionRecords(ledger, PaymentTopic.COMMANDS)).isEqualTo(2.0);
        }
    }

    @Test
    void aCreditsRecordOnAnotherPartitionThanItsKeysIsDeadLetteredBeforeAnyState() {
        try (TopologyFixture ledger = new TopologyFixture(LedgerTopology.Options.DEFAULT.withPartitions(PARTITIONS))) {
            ledger.credits.pipeInput(FOREIGN, new CreditLeg("forged-1", LOCAL.get(0), FOREIGN, 100L, "EUR",
                    TopologyFixture.REQUESTED_AT, 1L, null, null, null, null, null), ledger.now());

            List<TestRecord<byte[], byte[]>> dead = ledger.deadLetters.readRecordsToList();
            assertThat(dead).singleElement().satisfies(record -> {
                assertThat(header(record, DeadLetterHeaders.REASON)).isEqualTo("WRONG_PARTITION");
                assertThat(header(record, DeadLetterHeaders.TOPIC)).isEqualTo("payments.credits");
            });
            assertThat(ledger.results()).isEmpty();
            assertThat(ledger.entries()).isEmpty();
            assertThat(wrongPartitionRecords(ledger, PaymentTopic.CREDITS)).isEqualTo(1.0);
        }
    }

    @Test
    void bytesThatAreNotUtf8AreDeadLetteredNeverReplaced() {
        try (TopologyFixture ledger = new TopologyFixture()) {
            ledger.open("bank", "EUR", SETTLEMENT);
            ledger.open("bob", "EUR", CUSTOMER);
            byte[] valid = ledger.serdes.<SpecificRecord>forTopic(PaymentTopic.COMMANDS).serializer().serialize(
                    "payments.commands", TopologyFixture.request("tx-X", "bank", "bob", 5, "EUR"));
            int x = indexOf(valid, "tx-X".getBytes(StandardCharsets.UTF_8)) + 3;
            for (byte bad : new byte[] {(byte) 0xFF, (byte) 0xFE}) {
                byte[] value = valid.clone();
                value[x] = bad;
                ledger.rawCommands.pipeInput("bank".getBytes(StandardCharsets.UTF_8), value, ledger.now());
            }
            ledger.rawCommands.pipeInput(new byte[] {'b', 'a', 'n', 'k', (byte) 0xC0, (byte) 0x80}, valid, ledger.now());

            List<TestRecord<byte[], byte[]>> dead = ledger.deadLetters.readRecordsToList();
            assertThat(dead).hasSize(3).allSatisfy(record ->
                    assertThat(header(record, DeadLetterHeaders.REASON)).isEqualTo("INVALID_UTF8"));
            assertThat(header(dead.get(0), DeadLetterHeaders.DETAIL)).contains("TransferRequest.transferId")
                    .contains("74 78 2D FF");
            assertThat(header(dead.get(2), DeadLetterHeaders.DETAIL)).contains("record key").contains("C0 80");
            assertThat(ledger.results()).as("neither is answered as a retry of the other").isEmpty();
            assertThat(ledger.entries()).isEmpty();
        }
    }

    @Test
    void aRejectionEchoesWhatItWasGivenEscapedSoTheProjectionCanStoreIt() {
        try (TopologyFixture ledger = new TopologyFixture()) {
            ledger.open("alice", "EUR", CUSTOMER);
            TransferResult nul = ledger.send("alice", new TransferRequest("t-nul", "alice", "acct-00000\u0000", 5L, "EUR",
                    TopologyFixture.REQUESTED_AT, Map.of("note\u0085", "a\u0000b")));
            TransferResult currency = ledger.transfer("t-cur", "alice", "bob", 5, "EU\u0000");

            assertThat(nul.getReason()).isEqualTo(RejectReason.INVALID_FIELD);
            assertThat(nul.getReasonDetail()).startsWith("destinationAccountId:").contains("acct-00000\\u0000");
            assertThat(nul.getDestinationAccountId()).isEqualTo("acct-00000\\u0000");
            assertThat(nul.getMetadata()).containsExactly(Map.entry("note\\u0085", "a\\u0000b"));
            assertThat(currency.getCurrency()).isEqualTo("EU\\u0000");
            assertThat(currency.getReasonDetail()).startsWith("currency:").doesNotContain("\u0000");
            assertThat(ledger.send("alice", new TransferRequest("t-nul", "alice", "acct-00000\u0000", 5L, "EUR",
                    TopologyFixture.REQUESTED_AT, Map.of("note\u0085", "a\u0000b"))).getDuplicate())
                    .as("the retry still matches the request as sent").isTrue();
        }
    }

    @Test
    void requestedAtOutsideItsWindowIsRefusedWithoutTakingTheId() {
        try (TopologyFixture ledger = new TopologyFixture()) {
            long now = ledger.now();
            ledger.open("bank", "EUR", SETTLEMENT);
            ledger.open("alice", "EUR", CUSTOMER);
            long earliest = 946_684_800_000L;

            assertThat(transferAt(ledger, "in-1", earliest).getOutcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(transferAt(ledger, "in-2", now + DAY).getOutcome()).isEqualTo(Outcome.COMPLETED);
            for (long outside : new long[] {earliest - 1, now + DAY + 1, 0, Long.MAX_VALUE, Long.MIN_VALUE}) {
                TransferResult refused = transferAt(ledger, "out", outside);
                assertThat(refused.getReason()).as("requestedAt %d", outside).isEqualTo(RejectReason.INVALID_FIELD);
                assertThat(refused.getReasonDetail()).startsWith("requestedAt: " + outside);
                assertThat(refused.getRecorded()).isFalse();
                assertThat(refused.getRequestedAt()).as("the broker's time stands in for it").isEqualTo(now);
            }
            TransferResult opening = ledger.send("carol", new OpenAccount("o-c", "carol", "EUR", CUSTOMER, Long.MAX_VALUE));
            assertThat(opening.getReason()).isEqualTo(RejectReason.INVALID_FIELD);
            assertThat(transferAt(ledger, "out", now).getDuplicate()).as("the id was not taken").isFalse();
            assertThat(ledger.entries()).extracting(e -> e.getTransferId()).containsOnly("in-1", "in-2", "out");
        }
    }

    @Test
    void idsExpireByTheBrokersTimeOfCommandsNotByATimestampOnAnotherTopic() {
        Duration retention = Duration.ofHours(1);
        try (TopologyFixture ledger = new TopologyFixture(new LedgerTopology.Options(retention, Duration.ofSeconds(1), 100,
                false, 100, 1))) {
            long now = ledger.now();
            ledger.open("bank", "EUR", SETTLEMENT);
            ledger.open("alice", "EUR", CUSTOMER);
            ledger.transfer("t-1", "bank", "alice", 10, "EUR");
            long remembered = ledger.requestsRemembered();
            // A record on the credits topic stamped ten days ahead (a forger's, or a producer's before
            // LogAppendTime) moves Kafka Streams' stream time, but not the clock ids expire by.
            ledger.rawCredits.pipeInput("alice".getBytes(StandardCharsets.UTF_8), null, now + 10 * DAY);
            assertThat(ledger.deadLetterReasons()).containsExactly("NULL_VALUE");
            for (int second = 0; second < 5; second++) {
                ledger.driver.advanceWallClockTime(Duration.ofSeconds(1));
            }

            assertThat(ledger.requestsRemembered()).as("nothing swept").isEqualTo(remembered);
            ledger.at(now + retention.toMillis() / 2);
            assertThat(ledger.transfer("t-1", "bank", "alice", 10, "EUR").getDuplicate()).isTrue();
        }
    }

    private static TransferResult transferAt(TopologyFixture ledger, String id, long requestedAt) {
        return ledger.send("bank", new TransferRequest(id, "bank", "alice", 1L, "EUR", requestedAt, null));
    }

    private static double wrongPartitionRecords(TopologyFixture ledger, PaymentTopic topic) {
        return ledger.meters.get("payments.wrong.partition.records").tags("topic", topic.baseName()).counter().count();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
