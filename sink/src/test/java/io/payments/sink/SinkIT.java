package io.payments.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.payments.avro.AccountKind;
import io.payments.avro.LedgerEntry;
import io.payments.avro.Leg;
import io.payments.avro.Outcome;
import io.payments.avro.RejectReason;
import io.payments.avro.RequestType;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import io.payments.sink.postgres.PostgresLedgerWriter;
import io.payments.sink.projection.RecordBatch;
import io.payments.sink.projection.StaleOffsetsException;
import io.payments.sink.projection.TestRecords;
import io.payments.testkit.LocalRuntimeExtension;
import io.payments.testkit.TestRuntime;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalRuntimeExtension.class)
class SinkIT {

    @Test
    void projectsTheLedgerAndAReplayFromTheBeginningChangesNothing(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        Map<String, String> settings = SinkFixture.settings(runtime, topics, runtime.createDatabase(),
                runtime.postgres().user(), runtime.postgres().password());
        LedgerScenario scenario = LedgerScenario.generate(topics, 200, 4_000, 1);
        try (KafkaProducer<String, SpecificRecord> producer = SinkFixture.producer(runtime)) {
            scenario.produce(producer);
        }
        List<String> first;
        try (SinkFixture sink = new SinkFixture(SinkFixture.config(settings));
             Connection db = sink.dataSource.getConnection(); Admin admin = runtime.admin()) {
            await().atMost(Duration.ofMinutes(2)).until(() -> caughtUp(db, admin, topics));
            assertMatches(db, scenario);
            first = Projection.snapshot(db);
            try (Statement statement = db.createStatement()) {
                statement.executeUpdate("UPDATE sink_offsets SET next_offset = 0");
            }
        }
        try (SinkFixture replay = new SinkFixture(SinkFixture.config(settings));
             Connection db = replay.dataSource.getConnection(); Admin admin = runtime.admin()) {
            await().atMost(Duration.ofMinutes(2)).until(() -> caughtUp(db, admin, topics));
            await().atMost(Duration.ofSeconds(30)).until(() -> replay.service().rowsWritten() >= scenario.records.size());
            assertThat(Projection.snapshot(db)).as("tables after replaying every record again").isEqualTo(first);
            Projection.assertConsistent(db);
        }
    }

    @Test
    void holdsTheirEndingsAndPendingDebitsAreProjected(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        Map<String, String> settings = SinkFixture.settings(runtime, topics, runtime.createDatabase(),
                runtime.postgres().user(), runtime.postgres().password());
        String entries = topics.name(PaymentTopic.LEDGER_ENTRIES);
        // alice, funded with 1,000, holds 400 for bob and posts 150 of it, holds 100 and voids it,
        // holds 60 that expires and 50 that stays open. Entry n is applied at n seconds since the epoch.
        // carol opens a USD account.
        List<LedgerEntry> alice = List.of(
                holdsEntry(1, Leg.CREDIT, "fund", null, 1_000, 1_000, 0, 0),
                holdsEntry(2, Leg.HOLD, "h1", "h1", 0, 1_000, 400, 400),
                holdsEntry(3, Leg.DEBIT, "p1", "h1", -150, 850, -400, 0),
                holdsEntry(4, Leg.HOLD, "h2", "h2", 0, 850, 100, 100),
                holdsEntry(5, Leg.RELEASE, "v2", "h2", 0, 850, -100, 0),
                holdsEntry(6, Leg.HOLD, "h3", "h3", 0, 850, 60, 60),
                holdsEntry(7, Leg.EXPIRY, "h3", "h3", 0, 850, -60, 0),
                holdsEntry(8, Leg.HOLD, "h4", "h4", 0, 850, 50, 50));
        try (KafkaProducer<String, SpecificRecord> producer = SinkFixture.producer(runtime)) {
            for (LedgerEntry entry : alice) {
                producer.send(new ProducerRecord<>(entries, "alice", entry));
            }
            producer.send(new ProducerRecord<>(entries, "bob", new LedgerEntry("bob", 1L, 150L, "EUR", 150L, "p1", "alice",
                    "alice", Leg.CREDIT, 0, 0L, 1_000L, 2_000L, 0L, 0L, "h1")));
            producer.send(new ProducerRecord<>(topics.name(PaymentTopic.TRANSFER_RESULTS), "carol",
                    TestRecords.opened("carol", AccountKind.CUSTOMER).setCurrency("USD").build()));
            producer.send(new ProducerRecord<>(topics.name(PaymentTopic.TRANSFER_RESULTS), "alice",
                    TestRecords.transferResult("alice", "p-none", "", 0, Outcome.REJECTED,
                            RejectReason.PENDING_TRANSFER_NOT_FOUND).setRequestType(RequestType.POST_HOLD)
                            .setHoldId("never-placed").setCurrency("").build()));
        }
        try (SinkFixture sink = new SinkFixture(SinkFixture.config(settings));
             Connection db = sink.dataSource.getConnection(); Admin admin = runtime.admin()) {
            await().atMost(Duration.ofMinutes(1)).until(() -> caughtUp(db, admin, topics));

            assertThat(Projection.strings(db, """
                    SELECT concat_ws('|', hold_id, destination_account_id, amount_minor, status, posted_amount_minor)
                    FROM holds ORDER BY hold_id""")).containsExactly("h1|bob|400|POSTED|150", "h2|bob|100|VOIDED|0",
                    "h3|bob|60|EXPIRED|0", "h4|bob|50|HELD|0");
            assertThat(Projection.strings(db, """
                    SELECT concat_ws('|', balance_minor, pending_debits_minor, available_minor) FROM account_balances
                    WHERE account_id = 'alice'""")).containsExactly("850|50|800");
            assertThat(Projection.strings(db, """
                    SELECT concat_ws('|', pending, available) FROM (SELECT pending_debits AS pending, available
                    FROM account_balances_decimal WHERE account_id = 'alice') b""")).containsExactly("0.50|8.00");
            assertThat(Projection.strings(db, "SELECT status FROM transfers WHERE transfer_id = 'p1'"))
                    .as("a post is in flight until its result").containsExactly("PENDING");
            assertThat(Projection.strings(db, """
                    SELECT concat_ws('|', status, reason, coalesce(amount::text, 'null')) FROM transfers_decimal
                    WHERE transfer_id = 'p-none'""")).as("a post of no hold has no currency, and still its row")
                    .containsExactly("REJECTED|PENDING_TRANSFER_NOT_FOUND|null");
            assertThat(Projection.strings(db, "SELECT hold_id || '|' || extract(epoch FROM placed_at)::bigint FROM holds ORDER BY hold_id"))
                    .as("placed when its HOLD entry was applied").containsExactly("h1|2", "h2|4", "h3|6", "h4|8");
            Projection.assertConsistent(db);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(gauge(sink, "payments.holds.open", "EUR")).as("only h4 is open").isEqualTo(1);
                assertThat(gauge(sink, "payments.holds.open", "USD")).as("accounts without holds").isZero();
            });
            assertThat(gauge(sink, "payments.holds.open.minor.units", "EUR")).isEqualTo(50);
            assertThat(gauge(sink, "payments.holds.open.minor.units", "USD")).isZero();
            assertThat(gauge(sink, "payments.holds.open.oldest.age.seconds", "EUR"))
                    .isCloseTo((System.currentTimeMillis() - 8_000) / 1000.0, within(60.0));
            assertThat(gauge(sink, "payments.holds.open.oldest.age.seconds", "USD")).isZero();
        }
    }

    private static double gauge(SinkFixture sink, String name, String currency) {
        Gauge gauge = sink.meters.find(name).tag("currency", currency).gauge();
        assertThat(gauge).as("%s{currency=%s}", name, currency).isNotNull();
        return gauge.value();
    }

    private static LedgerEntry holdsEntry(long version, Leg leg, String transferId, String holdId, long amount,
                                          long balanceAfter, long pendingChange, long pendingAfter) {
        return new LedgerEntry("alice", version, amount, "EUR", balanceAfter, transferId, "alice",
                leg == Leg.CREDIT ? "bank" : "bob", leg, 0, version, 1_000L, version * 1_000L, pendingChange, pendingAfter,
                holdId);
    }

    @Test
    void aPartitionEndingInAnAbortedTransactionIsCaughtUp(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        Map<String, String> settings = SinkFixture.settings(runtime, topics, runtime.createDatabase(),
                runtime.postgres().user(), runtime.postgres().password());
        String entries = topics.name(PaymentTopic.LEDGER_ENTRIES);
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                     ProducerConfig.TRANSACTIONAL_ID_CONFIG, runtime.id() + "-aborting"), new StringSerializer(),
                     new TopicValueSerializer(runtime));
             SinkFixture sink = new SinkFixture(SinkFixture.config(settings));
             Connection db = sink.dataSource.getConnection(); Admin admin = runtime.admin()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(entries, "a", new LedgerEntry("a", 1L, 5L, "EUR", 5L, "t1", "bank", "bank",
                    Leg.CREDIT, 0, 0L, 0L, 0L, 0L, 0L, null)));
            producer.commitTransaction();
            await().atMost(Duration.ofMinutes(1)).until(() -> caughtUp(db, admin, topics));
            // Then the partition's tail becomes an aborted transaction: offsets the sink passes
            // with no row to write, which it must store all the same.
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(entries, "a", new LedgerEntry("a", 2L, 5L, "EUR", 10L, "t2", "bank", "bank",
                    Leg.CREDIT, 0, 0L, 0L, 0L, 0L, 0L, null)));
            producer.flush();
            producer.abortTransaction();
            await().atMost(Duration.ofMinutes(1)).until(() -> caughtUp(db, admin, topics));
            try (Statement sql = db.createStatement(); var rows = sql.executeQuery("SELECT count(*) FROM ledger_entries")) {
                rows.next();
                assertThat(rows.getLong(1)).as("the aborted entry is not written").isOne();
            }
        }
    }

    @Test
    void twoInstancesAndRebalancesLeaveTheSameTablesAsOne(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        Map<String, String> settings = SinkFixture.settings(runtime, topics, runtime.createDatabase(),
                runtime.postgres().user(), runtime.postgres().password());
        LedgerScenario scenario = LedgerScenario.generate(topics, 300, 6_000, 2);
        List<ProducerRecord<String, SpecificRecord>> records = scenario.records;
        try (KafkaProducer<String, SpecificRecord> producer = SinkFixture.producer(runtime);
             Admin admin = runtime.admin()) {
            SinkFixture a = new SinkFixture(SinkFixture.config(settings));
            records.subList(0, records.size() / 3).forEach(producer::send);
            producer.flush();
            try (SinkFixture b = new SinkFixture(SinkFixture.config(settings))) {
                records.subList(records.size() / 3, 2 * records.size() / 3).forEach(producer::send);
                producer.flush();
                await().atMost(Duration.ofMinutes(1)).until(() -> b.service().healthy());
                a.close();
                records.subList(2 * records.size() / 3, records.size()).forEach(producer::send);
                producer.flush();
                try (Connection db = b.dataSource.getConnection()) {
                    await().atMost(Duration.ofMinutes(2)).until(() -> caughtUp(db, admin, topics));
                    assertMatches(db, scenario);
                }
            }
        }
    }

    @Test
    void aStaleInstanceCannotMoveOffsetsItNoLongerOwns(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        Map<String, String> settings = SinkFixture.settings(runtime, topics, runtime.createDatabase(),
                runtime.postgres().user(), runtime.postgres().password());
        try (var dataSource = io.payments.sink.postgres.Database.connect(SinkFixture.config(settings));
             Connection db = dataSource.getConnection()) {
            PostgresLedgerWriter writer = new PostgresLedgerWriter(dataSource);
            TopicPartition partition = new TopicPartition(topics.name(PaymentTopic.LEDGER_ENTRIES), 0);
            assertThat(writer.claim(List.of(partition))).containsEntry(partition, 0L);

            RecordBatch current = rows(partition, 0, 5, entry("acc-1", 1, 10));
            writer.write(current);
            RecordBatch stale = rows(partition, 0, 9, entry("acc-1", 2, 99));
            assertThatThrownBy(() -> writer.write(stale)).isInstanceOf(StaleOffsetsException.class)
                    .hasMessageContaining("another instance owns them now");

            assertThat(Projection.strings(db, "SELECT next_offset FROM sink_offsets")).containsExactly("5");
            assertThat(Projection.count(db, "ledger_entries")).as("the stale batch's rows were rolled back").isEqualTo(1);
            Projection.assertConsistent(db);
        }
    }

    @Test
    void theDatabaseRefusesToChangeLedgerRows(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        Map<String, String> settings = SinkFixture.settings(runtime, topics, runtime.createDatabase(),
                runtime.postgres().user(), runtime.postgres().password());
        try (var dataSource = io.payments.sink.postgres.Database.connect(SinkFixture.config(settings));
             Connection db = dataSource.getConnection(); Statement statement = db.createStatement()) {
            PostgresLedgerWriter writer = new PostgresLedgerWriter(dataSource);
            TopicPartition partition = new TopicPartition(topics.name(PaymentTopic.LEDGER_ENTRIES), 0);
            writer.claim(List.of(partition));
            writer.write(rows(partition, 0, 1, entry("acc-1", 1, 10)));

            for (String change : List.of("UPDATE ledger_entries SET amount_minor = 1000000",
                    "DELETE FROM ledger_entries", "TRUNCATE ledger_entries")) {
                assertThatThrownBy(() -> statement.execute(change)).as(change).isInstanceOf(SQLException.class)
                        .hasMessageContaining("ledger_entries is append-only");
            }
            assertThat(Projection.strings(db, "SELECT amount_minor FROM ledger_entries")).containsExactly("10");
            Projection.assertConsistent(db);
            assertThat(Projection.strings(db, "SELECT amount FROM ledger_entries_decimal")).containsExactly("0.10");
        }
    }

    @Test
    void aRecordItCannotReadStopsItsPartitionWithAClearError(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        Map<String, String> settings = SinkFixture.settings(runtime, topics, runtime.createDatabase(),
                runtime.postgres().user(), runtime.postgres().password());
        String entriesTopic = topics.name(PaymentTopic.LEDGER_ENTRIES);
        try (KafkaProducer<String, SpecificRecord> producer = SinkFixture.producer(runtime);
             var raw = new KafkaProducer<byte[], byte[]>(Map.of("bootstrap.servers", runtime.bootstrapServers()),
                     new org.apache.kafka.common.serialization.ByteArraySerializer(),
                     new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(entriesTopic, 0, "acc-1", entry("acc-1", 1, 10))).get();
            raw.send(new ProducerRecord<>(entriesTopic, 0, null, new byte[] {0, 0, 0, 0x7f, 0x7f, 1})).get();
            producer.send(new ProducerRecord<>(entriesTopic, 0, "acc-1", entry("acc-1", 2, 10))).get();
            producer.send(new ProducerRecord<>(entriesTopic, 1, "acc-2", entry("acc-2", 1, 7))).get();
        }
        try (SinkFixture sink = new SinkFixture(SinkFixture.config(settings)); Connection db = sink.dataSource.getConnection()) {
            await().atMost(Duration.ofMinutes(1)).until(() -> Projection.count(db, "ledger_entries") == 2
                    && !sink.service().stoppedPartitions().isEmpty());
            assertThat(sink.service().stoppedPartitions().get(new TopicPartition(entriesTopic, 0)))
                    .contains("stopped at offset 1", "UNKNOWN_SCHEMA_ID");
            assertThat(Projection.strings(db, "SELECT account_id || ':' || account_version FROM ledger_entries ORDER BY 1"))
                    .containsExactly("acc-1:1", "acc-2:1");
            assertThat(Projection.strings(db, "SELECT next_offset FROM sink_offsets WHERE partition = 0 AND topic = '"
                    + entriesTopic + "'")).containsExactly("1");
            Projection.assertConsistent(db);
        }
    }

    static void assertMatches(Connection db, LedgerScenario scenario) throws SQLException {
        assertThat(Projection.count(db, "ledger_entries")).isEqualTo(scenario.entryCount);
        assertThat(Projection.balances(db)).isEqualTo(scenario.balances);
        assertThat(Projection.statuses(db)).isEqualTo(scenario.statuses);
        assertThat(Projection.count(db, "accounts")).isPositive();
        Projection.assertConsistent(db);
    }

    static LedgerEntry entry(String account, long version, long amount) {
        return new LedgerEntry(account, version, amount, "EUR", amount * version, "t-" + version, account, "other",
                Leg.CREDIT, 0, version, 1_000L, 2_000L, 0L, 0L, null);
    }

    private static RecordBatch rows(TopicPartition partition, long from, long to, LedgerEntry entry) {
        RecordBatch rows = new RecordBatch();
        rows.add(entry);
        rows.move(partition, from, to);
        return rows;
    }

    private static boolean caughtUp(Connection db, Admin admin, Topics topics) throws Exception {
        return io.payments.sink.postgres.CatchUp.caughtUp(db, admin, topics);
    }
}
