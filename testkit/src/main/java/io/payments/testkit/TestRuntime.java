package io.payments.testkit;

import io.payments.runtime.LocalRuntime;
import io.payments.runtime.postgres.LocalPostgres;
import io.payments.schemas.registry.HttpSchemaRegistryClient;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.topics.TopicLayout;
import io.payments.schemas.topics.Topics;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;

/**
 * One test's view of the shared runtime: its own topic prefix and database name, so tests can
 * run against the same broker and server without seeing each other's data. Tests that kill or
 * restart the broker or PostgreSQL start their own instead of using this one.
 */
public final class TestRuntime {

    private final LocalRuntime runtime;
    private final String id;

    TestRuntime(LocalRuntime runtime, String id) {
        this.runtime = runtime;
        this.id = id;
    }

    /** Unique per test: used as topic prefix, database name and consumer-group / application-id prefix. */
    public String id() {
        return id;
    }

    public String bootstrapServers() {
        return runtime.bootstrapServers();
    }

    public String registryUrl() {
        return runtime.registryUrl();
    }

    /** The processor settings holding the shared runtime's secrets: the leg key and the balance API's token. */
    public Map<String, String> processorSecrets() {
        return runtime.processorSecrets();
    }

    public PaymentSerdes serdes() {
        return new PaymentSerdes(new HttpSchemaRegistryClient(registryUrl()), true);
    }

    /** This test's topic names (prefix {@code <id>.}) with the given layout; not created yet. */
    public Topics topics(TopicLayout layout) {
        return new Topics(id + ".", layout);
    }

    /** This test's topics with the local layout, created. */
    public Topics createTopics() {
        Topics topics = topics(TopicLayout.LOCAL);
        try (Admin admin = admin()) {
            topics.ensureCreated(admin);
        }
        return topics;
    }

    public Admin admin() {
        return Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    public LocalPostgres postgres() {
        return runtime.postgres();
    }

    /** Creates this test's database and returns its JDBC URL. */
    public String createDatabase() {
        runtime.postgres().createDatabase(id);
        return runtime.postgres().jdbcUrl(id);
    }
}
