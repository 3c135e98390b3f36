package io.payments.sink.consumer;

import static io.payments.sink.projection.TestRecords.debit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.payments.schemas.config.Settings;
import io.payments.schemas.registry.SchemaRegistries;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.sink.config.SinkConfig;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sink's ways through a failure, on Kafka's MockConsumer and an in-memory writer: a failed
 * write is waited out with the consumer paused and then read again from the stored offsets; the
 * wait doubles up to {@code sink.retry.backoff.max}; a record that cannot be read, or whose rows
 * PostgreSQL refuses, stops its own partition at that record; any other refusal stops the sink.
 */
class SinkServiceTest {

    private static final AtomicInteger REGISTRIES = new AtomicInteger();

    private final ManualTime time = new ManualTime();
    private final LogConsumer consumer = new LogConsumer(time);
    private final FakeLedgerWriter writer = new FakeLedgerWriter(time::milliseconds);
    private final String registry = "mock://sink-service-test-" + REGISTRIES.incrementAndGet();
    private final SinkConfig config = SinkConfig.from(Settings.of(Map.of("schema.registry.url", registry,
            "sink.writers", "1", "sink.retry.backoff.max", "1s")));
    private final String entries = config.common().topics().name(PaymentTopic.LEDGER_ENTRIES);
    private final TopicPartition p0 = new TopicPartition(entries, 0);
    private final TopicPartition p1 = new TopicPartition(entries, 1);
    private final Serializer<SpecificRecord> values = new PaymentSerdes(SchemaRegistries.connect(registry), true)
            .<SpecificRecord>forTopic(PaymentTopic.LEDGER_ENTRIES).serializer();
    private final SinkService sink = new SinkService(config, consumer, writer, new SimpleMeterRegistry(), time, null);

    @BeforeEach
    void subscribe() {
        sink.subscribe();
    }

    @Test
    void eachPollIsWrittenFromTheStoredOffsetsWithTheOffsetsItMoves() {
        writer.store(p0, 1);
        consumer.rebalance(List.of(p0, p1));
        send(p0, "skipped-by-stored-offset", "t1");
        send(p1, "t2");

        sink.pollOnce();

        assertThat(writer.committedTransfers()).containsExactlyInAnyOrder("t1", "t2");
        assertThat(writer.stored(p0)).isEqualTo(2);
        assertThat(writer.stored(p1)).isEqualTo(1);
        assertThat(sink.rowsWritten()).isEqualTo(2);
        assertThat(sink.healthy()).isTrue();
    }

    @Test
    void onAssignmentThePositionIsReadFromPostgresRetriedEverySecondWhileItCannotBe() {
        writer.store(p0, 4);
        writer.failNextClaim(outage());
        writer.failNextClaim(outage());

        consumer.rebalance(List.of(p0, p1));

        assertThat(writer.claimTimes()).containsExactly(0L, 1_000L, 2_000L);
        assertThat(consumer.position(p0)).isEqualTo(4);
        assertThat(consumer.position(p1)).isZero();
        assertThat(sink.failures()).isEqualTo(2);
    }

    @Test
    void aFailedWriteIsWaitedOutWithTheConsumerPausedThenReadAgainFromTheStoredOffsets() {
        consumer.rebalance(List.of(p0, p1));
        send(p0, "t1", "t2");
        writer.failNextWrite(outage());

        sink.pollOnce();

        assertThat(writer.committedTransfers()).isEmpty();
        assertThat(consumer.position(p0)).as("rewound to the stored offset").isZero();
        assertThat(consumer.paused()).isEmpty();
        assertThat(sink.failures()).isEqualTo(1);

        sink.pollOnce();

        assertThat(writer.committedTransfers()).containsExactly("t1", "t2");
        assertThat(writer.stored(p0)).isEqualTo(2);
        assertThat(sink.healthy()).isTrue();
    }

    @Test
    void whilePostgresStaysDownTheWaitDoublesUpToTheMaximumPollingWithEverythingPaused() {
        consumer.rebalance(List.of(p0, p1));
        send(p0, "t1");
        writer.failNextWrite(outage());
        for (int i = 0; i < 4; i++) {
            writer.failNextClaim(outage());
        }
        int claimsBefore = writer.claimTimes().size();
        int pollsBefore = consumer.polls().size();

        sink.pollOnce();

        long failedAt = consumer.polls().get(pollsBefore).atMillis();
        List<Long> waits = new ArrayList<>();
        long previous = failedAt;
        for (long claimedAt : writer.claimTimes().subList(claimsBefore, writer.claimTimes().size())) {
            waits.add(claimedAt - previous);
            previous = claimedAt;
        }
        assertThat(waits).as("200 ms, doubled each time, at most sink.retry.backoff.max (1 s)")
                .containsExactly(200L, 400L, 800L, 1_000L, 1_000L);
        List<LogConsumer.Poll> waiting = consumer.polls().subList(pollsBefore + 1, consumer.polls().size());
        assertThat(waiting).as("the group membership is kept by polling, reading nothing")
                .hasSize(2 + 4 + 8 + 10 + 10).allMatch(LogConsumer.Poll::allPaused);
        for (int i = 1; i < waiting.size(); i++) {
            assertThat(waiting.get(i).atMillis() - waiting.get(i - 1).atMillis()).isLessThanOrEqualTo(100);
        }
        assertThat(consumer.paused()).isEmpty();
        assertThat(sink.failures()).isEqualTo(5);
        assertThat(sink.healthy()).isTrue();

        sink.pollOnce();

        assertThat(writer.committedTransfers()).containsExactly("t1");
    }

    @Test
    void offsetsAnotherInstanceMovedAreReadAgainFromWhereItLeftThem() {
        consumer.rebalance(List.of(p0, p1));
        send(p0, "t0", "t1", "t2");
        writer.store(p0, 2);

        sink.pollOnce();
        sink.pollOnce();

        assertThat(writer.committedTransfers()).containsExactly("t2");
        assertThat(writer.stored(p0)).isEqualTo(3);
        assertThat(sink.failures()).as("not a PostgreSQL failure").isZero();
    }

    @Test
    void aRecordItCannotReadStopsOnlyItsPartitionAtThatRecord() {
        consumer.rebalance(List.of(p0, p1));
        send(p0, "t1");
        consumer.append(p0, key("acc-a"), "not the Confluent wire format".getBytes(StandardCharsets.UTF_8));
        send(p0, "t3");
        send(p1, "t4");

        sink.pollOnce();

        assertThat(writer.committedTransfers()).containsExactlyInAnyOrder("t1", "t4");
        assertThat(writer.stored(p0)).isEqualTo(1);
        assertThat(sink.stoppedPartitions()).containsOnlyKeys(p0);
        assertThat(sink.stoppedPartitions().get(p0)).contains("stopped at offset 1");
        assertThat(consumer.paused()).containsExactly(p0);
        assertThat(sink.healthy()).isTrue();

        send(p1, "t5");
        sink.pollOnce();

        assertThat(writer.committedTransfers()).containsExactlyInAnyOrder("t1", "t4", "t5");
        assertThat(writer.stored(p0)).isEqualTo(1);
    }

    @Test
    void aRecordPostgresRefusesIsFoundByBisectionAndStopsOnlyItsPartition() {
        consumer.rebalance(List.of(p0, p1));
        writer.refuse(entry -> entry.getTransferId().equals("bad"));
        send(p0, "t0", "t1", "t2", "t3", "t4", "bad", "t6", "t7");
        send(p1, "u0", "u1");

        sink.pollOnce();

        assertThat(sink.stoppedPartitions()).containsOnlyKeys(p0);
        assertThat(sink.stoppedPartitions().get(p0)).contains("stopped at offset 5").contains("SQLSTATE 22021")
                .contains("payments sink skip --topic " + entries + " --partition 0 --offset 5");
        assertThat(writer.committedTransfers()).as("the records before it, and the other partition on the same writer")
                .containsExactlyInAnyOrder("t0", "t1", "t2", "t3", "t4", "u0", "u1");
        assertThat(writer.stored(p0)).isEqualTo(5);
        assertThat(writer.stored(p1)).isEqualTo(2);
        assertThat(writer.trials()).as("log2 of the partition's 8 records, rolled back").isEqualTo(3);
        assertThat(consumer.paused()).containsExactly(p0);
        assertThat(sink.healthy()).isTrue();

        send(p1, "u2");
        sink.pollOnce();

        assertThat(writer.committedTransfers()).contains("u2").doesNotContain("bad", "t6", "t7");
    }

    @Test
    void aRefusalNoRecordShouldCauseStopsTheSinkWritingNothing() {
        consumer.rebalance(List.of(p0, p1));
        send(p0, "t1");
        writer.failNextWrite(new SQLException("new row violates check constraint", "23514"));

        assertThatThrownBy(sink::pollOnce).isInstanceOf(SinkStoppedException.class)
                .hasMessageContaining("SQLSTATE 23514").hasMessageContaining("nothing of the failed batch was written");
        assertThat(writer.committedTransfers()).isEmpty();
        assertThat(writer.stored(p0)).isZero();
    }

    /** Sends a debit per transfer id to the partition, each from account {@code acc-<partition>}, versions from 1. */
    private void send(TopicPartition partition, String... transferIds) {
        String account = "acc-" + partition.partition();
        for (String transferId : transferIds) {
            consumer.append(partition, key(account),
                    values.serialize(partition.topic(), debit(account, 1, transferId, "acc-z", 10)));
        }
    }

    private static byte[] key(String account) {
        return account.getBytes(StandardCharsets.UTF_8);
    }

    private static SQLException outage() {
        return new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
    }
}
