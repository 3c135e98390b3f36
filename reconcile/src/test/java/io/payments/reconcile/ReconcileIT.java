package io.payments.reconcile;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.payments.avro.LedgerEntry;
import io.payments.avro.Leg;
import io.payments.avro.Outcome;
import io.payments.avro.TransferRequest;
import io.payments.local.LocalPipeline;
import io.payments.ledger.Money;
import io.payments.local.PipelineSettings;
import io.payments.producer.client.Submission;
import io.payments.producer.client.TransferClient;
import io.payments.producer.client.TransferOrder;
import io.payments.producer.load.LoadGenerator;
import io.payments.reconcile.audit.Findings;
import io.payments.reconcile.audit.Violation;
import io.payments.reconcile.audit.ViolationKind;
import io.payments.reconcile.config.ReconcileConfig;
import io.payments.reconcile.rebuild.ProjectionRebuild;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import io.payments.sink.config.SinkConfig;
import io.payments.sink.postgres.Database;
import io.payments.testkit.LocalRuntimeExtension;
import io.payments.testkit.TestRuntime;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;


/**
 * A real pipeline (broker, registry, processor, sink, PostgreSQL) reconciles clean and rebuilds
 * identically; then each injected fault is found with the right kind and ids.
 */
@ExtendWith(LocalRuntimeExtension.class)
class ReconcileIT {

    @TempDir
    Path dir;

    @Test
    void cleanLedgerPassesRebuildIsIdenticalAndEveryInjectedFaultIsFound(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        PipelineSettings settings = TestPipelines.on(runtime, topics, dir);
        runPipeline(settings);
        ReconcileConfig config = ReconcileConfig.from(settings.settings());

        Findings clean = new Reconciler(config).run((phase, done, total) -> { });
        assertThat(clean.counts()).as("violations of a clean run: %s", clean.examples()).isEmpty();
        assertThat(clean.checked()).containsKeys("requests", "ledger_entries rows compared", "transfers rows compared",
                "INSUFFICIENT_FUNDS rejections re-checked");
        assertThat(clean.checked().get("requests")).isEqualTo(clean.checked().get("results"));
        assertThat(clean.inFlight().values()).allMatch(v -> v == 0);
        assertThat(clean.checked()).containsEntry("holds", 4L).containsEntry("holds open", 1L);

        ProjectionRebuild rebuild = new ProjectionRebuild(config.sink());
        ProjectionRebuild.Outcome outcome = rebuild.run((phase, done, total) -> { });
        assertThat(outcome.tables()).hasSize(5).allSatisfy(table -> {
            assertThat(table.identical()).as("%s", table).isTrue();
            assertThat(table.rebuiltRows()).isEqualTo(table.liveRows()).isPositive();
        });
        String previous = rebuild.swap(outcome);
        assertThat(previous).isNotEqualTo(outcome.liveSchema());
        assertThat(new Reconciler(config).run((phase, done, total) -> { }).violations())
                .as("the swapped-in projection reconciles").isZero();

        List<Customer> customers = customers(config.sink());
        Customer deleted = customers.get(0);
        Customer altered = customers.get(1);
        Customer credited = customers.get(2);
        Customer overdrawn = customers.get(3);
        String[] completed = completedTransfer(config.sink());
        try (HikariDataSource db = Database.connect(config.sink()); Connection connection = db.getConnection();
             Statement sql = connection.createStatement()) {
            sql.execute("ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only");
            assertThat(sql.executeUpdate("DELETE FROM ledger_entries WHERE account_id = '" + deleted.id
                    + "' AND account_version = 1")).isOne();
            assertThat(sql.executeUpdate("UPDATE account_balances SET balance_minor = balance_minor + 7 WHERE account_id = '"
                    + altered.id + "'")).isOne();
            assertThat(sql.executeUpdate("UPDATE transfers SET status = 'REVERSED' WHERE source_account_id = '"
                    + completed[0] + "' AND transfer_id = '" + completed[1] + "'")).isOne();
        }
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers()), new StringSerializer(),
                runtime.serdes().<SpecificRecord>forTopic(PaymentTopic.LEDGER_ENTRIES).serializer());
             KafkaProducer<String, SpecificRecord> commands = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers()), new StringSerializer(),
                runtime.serdes().<SpecificRecord>forTopic(PaymentTopic.COMMANDS).serializer())) {
            long now = System.currentTimeMillis();
            producer.send(new ProducerRecord<>(topics.name(PaymentTopic.LEDGER_ENTRIES), credited.id, new LedgerEntry(
                    credited.id, credited.version + 1, 1_000L, credited.currency, credited.balance + 1_000, "forged-credit",
                    overdrawn.id, credited.id, Leg.CREDIT, 0, 0L, now, now, 0L, 0L, null)));
            producer.send(new ProducerRecord<>(topics.name(PaymentTopic.LEDGER_ENTRIES), overdrawn.id, new LedgerEntry(
                    overdrawn.id, overdrawn.version + 1, -(overdrawn.balance + 500), overdrawn.currency, -500L,
                    "forged-overdraft", overdrawn.id, credited.id, Leg.DEBIT, 0, 0L, now, now, 0L, 0L, null)));
            commands.send(new ProducerRecord<>(topics.name(PaymentTopic.COMMANDS), credited.id, new TransferRequest(
                    "never-answered", credited.id, overdrawn.id, 1L, credited.currency, now, null)));
        }

        Findings faulty = new Reconciler(config).run((phase, done, total) -> { });
        assertFound(faulty, ViolationKind.PG_ENTRY_MISSING, "account=" + deleted.id, "version=1");
        assertFound(faulty, ViolationKind.PG_BALANCE_MISMATCH, "account=" + altered.id);
        assertFound(faulty, ViolationKind.PG_TRANSFER_STATUS_MISMATCH, "source=" + completed[0], "transfer=" + completed[1]);
        assertFound(faulty, ViolationKind.ENTRY_WITHOUT_REQUEST, "source=" + overdrawn.id, "transfer=forged-credit");
        assertFound(faulty, ViolationKind.MISSING_RESULT, "source=" + credited.id, "transfer=never-answered");
        assertFound(faulty, ViolationKind.OVERDRAFT, "account=" + overdrawn.id, "version=" + (overdrawn.version + 1));
        assertFound(faulty, ViolationKind.IMBALANCE, credited.currency);
        assertFound(faulty, ViolationKind.CREDIT_LEG_MISMATCH, "source=" + overdrawn.id, "transfer=forged-overdraft");
        assertFound(faulty, ViolationKind.LEG_WITHOUT_DEBIT, "source=" + overdrawn.id, "transfer=forged-credit");
        assertThat(faulty.counts().keySet()).as("nothing else is reported: %s", faulty.examples()).containsOnly(
                ViolationKind.PG_ENTRY_MISSING, ViolationKind.PG_BALANCE_MISMATCH, ViolationKind.PG_TRANSFER_STATUS_MISMATCH,
                ViolationKind.ENTRY_WITHOUT_REQUEST, ViolationKind.MISSING_RESULT, ViolationKind.OVERDRAFT,
                ViolationKind.IMBALANCE, ViolationKind.CREDIT_LEG_MISMATCH, ViolationKind.LEG_WITHOUT_DEBIT);
    }

    private static void assertFound(Findings findings, ViolationKind kind, String... ids) {
        List<Violation> examples = findings.examples().getOrDefault(kind, List.of());
        assertThat(examples).as("%s in %s", kind, findings.examples())
                .anySatisfy(v -> assertThat(v.ids()).startsWith(ids));
    }

    /** Opens and funds accounts, sends transfers (with retries and refused ones) and waits until PostgreSQL has it all. */
    private static void runPipeline(PipelineSettings settings) throws Exception {
        try (LocalPipeline pipeline = LocalPipeline.start(settings, new SimpleMeterRegistry());
             TransferClient client = TransferClient.connect(settings.clientConfig(true))) {
            LoadGenerator generator = new LoadGenerator();
            generator.run(client, new LoadGenerator.Options(40, 3_000, null, 0, LoadGenerator.Skew.ZIPF, 1.1,
                    List.of("EUR", "USD"), 0.02, 0.05, 7, "t-", true));
            // Holds between two EUR customers: posted in part, voided, expired after a second, left open.
            String source = LoadGenerator.account(0);
            String destination = LoadGenerator.account(2);
            assertThat(outcome(client.hold(new TransferOrder("h-post", source, destination, Money.of(500, "EUR"), null),
                    Duration.ofMinutes(10)))).isEqualTo(Outcome.HELD);
            assertThat(outcome(client.post("p-1", source, "h-post", Money.of(200, "EUR")))).isEqualTo(Outcome.COMPLETED);
            assertThat(outcome(client.hold(new TransferOrder("h-void", source, destination, Money.of(300, "EUR"), null),
                    null))).isEqualTo(Outcome.HELD);
            assertThat(outcome(client.voidHold("v-1", source, "h-void"))).isEqualTo(Outcome.COMPLETED);
            assertThat(outcome(client.hold(new TransferOrder("h-expire", source, destination, Money.of(100, "EUR"), null),
                    Duration.ofSeconds(1)))).isEqualTo(Outcome.HELD);
            assertThat(outcome(client.hold(new TransferOrder("h-open", source, destination, Money.of(50, "EUR"), null),
                    null))).isEqualTo(Outcome.HELD);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
                try (Connection connection = pipeline.database().getConnection()) {
                    return pipeline.caughtUp() && resultCount(connection) > 0 && expired(connection, "h-expire");
                }
            });
        }
    }

    private static Outcome outcome(Submission submission) throws Exception {
        return submission.outcome().get(1, TimeUnit.MINUTES).getOutcome();
    }

    private static boolean expired(Connection connection, String holdId) throws Exception {
        try (Statement sql = connection.createStatement(); ResultSet rows = sql.executeQuery(
                "SELECT count(*) FROM holds WHERE status = 'EXPIRED' AND hold_id = '" + holdId + "'")) {
            rows.next();
            return rows.getLong(1) == 1;
        }
    }

    private static long resultCount(Connection connection) throws Exception {
        try (Statement sql = connection.createStatement(); ResultSet rows = sql.executeQuery("SELECT count(*) FROM transfers")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private record Customer(String id, String currency, long balance, long version) {
    }

    private static List<Customer> customers(SinkConfig config) throws Exception {
        List<Customer> customers = new ArrayList<>();
        try (HikariDataSource db = Database.connect(config); Connection connection = db.getConnection();
             Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT b.account_id, b.currency, b.balance_minor, b.version "
                     + "FROM account_balances b JOIN accounts a USING (account_id) "
                     + "WHERE a.kind = 'CUSTOMER' AND b.balance_minor > 0 ORDER BY b.version DESC, b.account_id LIMIT 4")) {
            while (rows.next()) {
                customers.add(new Customer(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4)));
            }
        }
        assertThat(customers).hasSize(4);
        return customers;
    }

    private static String[] completedTransfer(SinkConfig config) throws Exception {
        try (HikariDataSource db = Database.connect(config); Connection connection = db.getConnection();
             Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT source_account_id, transfer_id FROM transfers "
                     + "WHERE status = 'COMPLETED' ORDER BY transfer_id LIMIT 1")) {
            assertThat(rows.next()).isTrue();
            return new String[] {rows.getString(1), rows.getString(2)};
        }
    }
}
