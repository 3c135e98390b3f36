package io.payments.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.payments.schemas.topics.Topics;
import io.payments.sink.postgres.CatchUp;
import io.payments.sink.postgres.Database;
import io.payments.testkit.LocalRuntimeExtension;
import io.payments.testkit.TestRuntime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sink runs as a login user holding only the payments_sink role the migrations create: it
 * writes the projection, and cannot change or remove ledger rows, truncate, or change the
 * schema. A payments_reader user can read and not write.
 */
@ExtendWith(LocalRuntimeExtension.class)
class LeastPrivilegeIT {

    private static final String PERMISSION_DENIED = "42501";

    @Test
    void theSinkRoleWritesTheProjectionAndNothingElse(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        String url = runtime.createDatabase();
        String owner = runtime.postgres().user();
        try (HikariDataSource migrated = Database.connect(SinkFixture.config(SinkFixture.settings(runtime, topics, url, owner,
                runtime.postgres().password())));
             Connection admin = migrated.getConnection(); Statement sql = admin.createStatement()) {
            sql.execute("CREATE ROLE " + user(runtime, "sink") + " LOGIN PASSWORD 'sink-pw' IN ROLE payments_sink");
            sql.execute("CREATE ROLE " + user(runtime, "reader") + " LOGIN PASSWORD 'reader-pw' IN ROLE payments_reader");
        }
        LedgerScenario scenario = LedgerScenario.generate(topics, 50, 500, 3);
        try (KafkaProducer<String, SpecificRecord> producer = SinkFixture.producer(runtime)) {
            scenario.produce(producer);
        }
        try (SinkFixture sink = new SinkFixture(SinkFixture.config(SinkFixture.settings(runtime, topics, url,
                     user(runtime, "sink"), "sink-pw")));
             Connection db = sink.dataSource.getConnection(); Admin kafka = runtime.admin()) {
            await().atMost(Duration.ofMinutes(2)).until(() -> CatchUp.caughtUp(db, kafka, topics));
            assertThat(sink.service().rowsWritten()).isPositive();

            try (Statement sql = db.createStatement()) {
                for (String forbidden : new String[] {
                        "UPDATE ledger_entries SET amount_minor = amount_minor + 1",
                        "DELETE FROM ledger_entries",
                        "TRUNCATE ledger_entries",
                        "DELETE FROM transfers",
                        "DROP TABLE account_balances",
                        "ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only",
                        "CREATE TABLE sneaky (id int)"}) {
                    assertThatThrownBy(() -> sql.execute(forbidden)).as(forbidden).isInstanceOf(SQLException.class)
                            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(forbidden + ": " + e.getMessage())
                                    .isEqualTo(PERMISSION_DENIED));
                }
            }
        }
        try (Connection reader = connect(url, user(runtime, "reader"), "reader-pw"); Statement sql = reader.createStatement()) {
            assertThat(sql.executeQuery("SELECT count(*) FROM ledger_entries_decimal").next()).isTrue();
            assertThatThrownBy(() -> sql.execute("INSERT INTO sink_offsets (topic, partition, next_offset) VALUES ('x', 0, 0)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(PERMISSION_DENIED));
        }
    }

    /** Login roles are cluster-wide: one per test run. */
    private static String user(TestRuntime runtime, String what) {
        return (runtime.id() + "_" + what).replaceAll("[^a-zA-Z0-9_]", "_").toLowerCase();
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection(url, properties);
    }
}
