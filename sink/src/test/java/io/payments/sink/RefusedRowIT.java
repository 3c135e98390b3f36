package io.payments.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.payments.avro.LedgerEntry;
import io.payments.avro.Leg;
import io.payments.schemas.failure.Health;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import com.zaxxer.hikari.HikariDataSource;
import io.payments.sink.postgres.Database;
import io.payments.sink.postgres.SkippedRecords;
import io.payments.testkit.LocalRuntimeExtension;
import io.payments.testkit.TestRuntime;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A record whose rows PostgreSQL refuses for their content, written straight to
 * payments.ledger-entries (only the processor should write there; issue-free entries never hold
 * U+0000): the sink stops that one partition at that record, writes what came before it, and goes
 * on with every other partition, those on the same writer connection included. The operator's way
 * out, skipping the one record and recording it, lets the partition go on after a restart.
 */
@ExtendWith(LocalRuntimeExtension.class)
class RefusedRowIT {

    @Test
    void onlyThePartitionOfARefusedRowStopsAndASkipLetsItGoOn(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        Map<String, String> settings = SinkFixture.settings(runtime, topics, runtime.createDatabase(),
                runtime.postgres().user(), runtime.postgres().password());
        String entries = topics.name(PaymentTopic.LEDGER_ENTRIES);
        // Two accounts on different partitions that the same writer connection takes (partition % 2 writers).
        List<String> accounts = sameWriterAccounts(topics.layout().partitions(), 2);
        String bad = accounts.get(0);
        String other = accounts.get(1);
        TopicPartition badPartition = new TopicPartition(entries, partition(bad, topics));
        try (KafkaProducer<String, SpecificRecord> producer = SinkFixture.producer(runtime)) {
            producer.send(new ProducerRecord<>(entries, bad, entry(bad, 1, "t1", "bank"))).get();
            producer.send(new ProducerRecord<>(entries, bad, entry(bad, 2, "t2\u0000forged", "bank"))).get();
            producer.send(new ProducerRecord<>(entries, bad, entry(bad, 3, "t3", "bank"))).get();
            producer.send(new ProducerRecord<>(entries, other, entry(other, 1, "t4", "bank"))).get();
        }
        long refusedOffset;
        try (SinkFixture sink = new SinkFixture(SinkFixture.config(settings));
             Connection db = sink.dataSource.getConnection()) {
            await().atMost(Duration.ofMinutes(1)).until(() -> versions(db, other).size() == 1
                    && sink.service().stoppedPartitions().containsKey(badPartition));

            assertThat(sink.service().stoppedPartitions()).containsOnlyKeys(badPartition);
            String reason = sink.service().stoppedPartitions().get(badPartition);
            assertThat(reason).contains("stopped at offset 1").contains("SQLSTATE 22021")
                    .contains("payments sink skip --topic " + entries + " --partition " + badPartition.partition()
                            + " --offset 1");
            assertThat(versions(db, bad)).as("the record before the refused one is written, none after").containsExactly(1L);
            Health health = sink.service().health();
            assertThat(health.up()).as("PostgreSQL answers; one partition stopped is not an outage").isTrue();
            assertThat(health.details()).containsExactly(reason);
            refusedOffset = 1;
        }

        // The operator's way out, with the sink stopped: a wrong offset changes nothing, the right one is skipped.
        try (HikariDataSource owner = Database.connect(SinkFixture.config(settings))) {
            SkippedRecords skipped = new SkippedRecords(owner);
            assertThatThrownBy(() -> skipped.skip(entries, badPartition.partition(), refusedOffset + 1, "wrong offset"))
                    .hasMessageContaining("is not " + (refusedOffset + 1) + ": the partition is not stopped at that record");
            skipped.skip(entries, badPartition.partition(), refusedOffset,
                    "forged entry written by hand; the processor never wrote it");
        }
        try (SinkFixture sink = new SinkFixture(SinkFixture.config(settings));
             Connection db = sink.dataSource.getConnection()) {
            await().atMost(Duration.ofMinutes(1)).until(() -> versions(db, bad).size() == 2);
            assertThat(versions(db, bad)).containsExactly(1L, 3L);
            assertThat(sink.service().stoppedPartitions()).isEmpty();
            try (Statement sql = db.createStatement();
                 ResultSet rows = sql.executeQuery("SELECT topic, partition, record_offset, reason FROM sink_skipped_records")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(entries);
                assertThat(rows.getInt(2)).isEqualTo(badPartition.partition());
                assertThat(rows.getLong(3)).isEqualTo(refusedOffset);
                assertThat(rows.getString(4)).startsWith("forged entry");
            }
        }
    }

    private static LedgerEntry entry(String account, long version, String transferId, String source) {
        return new LedgerEntry(account, version, 5L, "EUR", 5L * version, transferId, source, source, Leg.CREDIT, 0, 0L,
                1_700_000_000_000L, 1_700_000_000_000L, 0L, 0L, null);
    }

    private static List<Long> versions(Connection db, String account) throws Exception {
        List<Long> versions = new ArrayList<>();
        try (Statement sql = db.createStatement(); ResultSet rows = sql.executeQuery(
                "SELECT account_version FROM ledger_entries WHERE account_id = '" + account + "' ORDER BY 1")) {
            while (rows.next()) {
                versions.add(rows.getLong(1));
            }
        }
        return versions;
    }

    private static List<String> sameWriterAccounts(int partitions, int writers) {
        List<String> found = new ArrayList<>();
        int first = -1;
        for (int i = 0; found.size() < 2; i++) {
            String account = "acct-" + i;
            int p = Utils.toPositive(Utils.murmur2(account.getBytes(StandardCharsets.UTF_8))) % partitions;
            if (first < 0) {
                first = p;
                found.add(account);
            } else if (p != first && p % writers == first % writers) {
                found.add(account);
            }
        }
        return found;
    }

    private static int partition(String account, Topics topics) {
        return Utils.toPositive(Utils.murmur2(account.getBytes(StandardCharsets.UTF_8))) % topics.layout().partitions();
    }
}
