package io.payments.reconcile;

import io.payments.reconcile.audit.Facts;
import io.payments.reconcile.audit.Findings;
import io.payments.reconcile.audit.LedgerAudit;
import io.payments.reconcile.config.ReconcileConfig;
import io.payments.reconcile.log.LogLoader;
import io.payments.reconcile.log.LogSnapshot;
import io.payments.reconcile.log.SnapshotReader;
import io.payments.reconcile.postgres.ProjectionLoader;
import io.payments.reconcile.spill.SpillStore;
import io.payments.schemas.registry.SchemaRegistries;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code payments reconcile}: replays the topics up to a snapshot of their committed ends and
 * audits every request, entry and decision, then compares PostgreSQL with the log.
 */
public final class Reconciler {

    private final ReconcileConfig config;

    public Reconciler(ReconcileConfig config) {
        this.config = config;
    }

    public Findings run(Progress progress) throws Exception {
        Topics topics = config.sink().common().topics();
        Findings findings = new Findings(config.examples());
        Map<String, Object> adminConfig = config.sink().common().clientConfig(config.sink().kafkaOverrides());
        LogSnapshot snapshot;
        try (Admin admin = Admin.create(adminConfig)) {
            snapshot = LogSnapshot.take(admin, topics);
        }
        try (SpillStore store = new SpillStore(config.workDir())) {
            Facts facts = new Facts(store);
            long span = snapshot.span();
            long[] done = {0};
            new LogLoader(topics, new SnapshotReader(config.sink().common().bootstrapServers(), config.sink().kafkaOverrides()),
                    SchemaRegistries.connect(config.sink().common().schemaRegistryUrl()), facts, findings)
                    .load(snapshot, n -> progress.reading("reading the topics", done[0] += n, span));
            Map<Integer, Long> sunkResults = null;
            Map<Integer, Long> sunkEntries = null;
            if (config.checkPostgres()) {
                progress.reading("reading PostgreSQL", 0, 1);
                Map<TopicPartition, Long> sunk;
                try (Connection connection = connect()) {
                    sunk = ProjectionLoader.load(connection, facts, findings);
                }
                sunkResults = byPartition(sunk, topics.name(PaymentTopic.TRANSFER_RESULTS));
                sunkEntries = byPartition(sunk, topics.name(PaymentTopic.LEDGER_ENTRIES));
            }
            progress.reading("checking", 0, 1);
            LedgerAudit.run(facts, findings, sunkResults, sunkEntries,
                    snapshot.takenAt() - config.pendingGrace().toMillis());
            progress.reading("checking", 1, 1);
        }
        return findings;
    }

    private Connection connect() throws java.sql.SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", config.sink().postgresUser());
        properties.setProperty("password", config.sink().postgresPassword());
        return DriverManager.getConnection(config.sink().postgresUrl(), properties);
    }

    private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets, String topic) {
        Map<Integer, Long> result = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (tp.topic().equals(topic)) {
                result.put(tp.partition(), offset);
            }
        });
        return result;
    }
}
