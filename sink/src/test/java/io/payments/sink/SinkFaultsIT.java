package io.payments.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payments.runtime.ChildJvm;
import io.payments.runtime.postgres.LocalPostgres;
import io.payments.schemas.topics.Topics;
import io.payments.testkit.LocalRuntimeExtension;
import io.payments.testkit.TestRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The sink killed hard mid-batch, and PostgreSQL stopped mid-run: nothing lost, nothing doubled. */
@ExtendWith(LocalRuntimeExtension.class)
class SinkFaultsIT {

    @TempDir
    Path dir;

    @Test
    void aSinkKilledMidBatchAndRestartedLosesAndDoublesNothing(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        String jdbcUrl = runtime.createDatabase();
        Map<String, String> settings = SinkFixture.settings(runtime, topics, jdbcUrl, runtime.postgres().user(),
                runtime.postgres().password());
        Path config = dir.resolve("sink.properties");
        Files.writeString(config, settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")));
        LedgerScenario scenario = LedgerScenario.generate(topics, 500, 30_000, 3);
        try (KafkaProducer<String, SpecificRecord> producer = SinkFixture.producer(runtime)) {
            scenario.produce(producer);
        }
        PGSimpleDataSource schema = new PGSimpleDataSource();
        schema.setUrl(jdbcUrl);
        schema.setUser(runtime.postgres().user());
        schema.setPassword(runtime.postgres().password());
        io.payments.sink.postgres.Database.migrate(schema);
        try (Connection db = connect(runtime.postgres(), jdbcUrl); Admin admin = runtime.admin()) {
            for (int kill = 1; kill <= 3; kill++) {
                Process sink = startSink(config);
                long before = Projection.count(db, "ledger_entries");
                await().atMost(Duration.ofMinutes(1)).until(() -> Projection.count(db, "ledger_entries") > before + 2_000
                        || caughtUp(db, admin, topics));
                sink.destroyForcibly().waitFor();
                System.out.printf("SIGKILL of the sink with %d of %d ledger rows written%n",
                        Projection.count(db, "ledger_entries"), scenario.entryCount);
                Projection.assertConsistent(db);
            }
            Process sink = startSink(config);
            try {
                await().atMost(Duration.ofMinutes(2)).until(() -> caughtUp(db, admin, topics));
                SinkIT.assertMatches(db, scenario);
            } finally {
                sink.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void postgresStoppedAndRestartedMidRunLosesNothing(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        try (LocalPostgres postgres = LocalPostgres.embedded(dir.resolve("pg"), 0).start()) {
            Map<String, String> settings = SinkFixture.settings(runtime, topics, postgres.jdbcUrl(), postgres.user(),
                    postgres.password());
            settings.put("sink.retry.backoff.max", "1s");
            LedgerScenario scenario = LedgerScenario.generate(topics, 300, 20_000, 4);
            List<?> records = scenario.records;
            try (SinkFixture sink = new SinkFixture(SinkFixture.config(settings));
                 KafkaProducer<String, SpecificRecord> producer = SinkFixture.producer(runtime);
                 Admin admin = runtime.admin()) {
                scenario.records.subList(0, records.size() / 2).forEach(producer::send);
                producer.flush();
                try (Connection db = connect(postgres, postgres.jdbcUrl())) {
                    await().atMost(Duration.ofMinutes(1)).until(() -> Projection.count(db, "ledger_entries") > 1_000);
                }
                postgres.stop();
                scenario.records.subList(records.size() / 2, records.size()).forEach(producer::send);
                producer.flush();
                await().atMost(Duration.ofMinutes(1)).until(() -> sink.service().failures() > 0);
                assertThat(sink.service().healthy()).as("reports the outage").isFalse();
                postgres.start();
                try (Connection db = connect(postgres, postgres.jdbcUrl())) {
                    await().atMost(Duration.ofMinutes(2)).until(() -> caughtUp(db, admin, topics));
                    SinkIT.assertMatches(db, scenario);
                    await().atMost(Duration.ofSeconds(30)).until(() -> sink.service().healthy());
                }
            }
        }
    }

    private Process startSink(Path config) throws IOException {
        return ChildJvm.start(List.of("-Xmx256m"), io.payments.sink.SinkMain.class, List.of(config.toString()),
                dir.resolve("sink.log"));
    }

    private static Connection connect(LocalPostgres postgres, String url) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", postgres.user());
        properties.setProperty("password", postgres.password());
        return DriverManager.getConnection(url, properties);
    }

    private static boolean caughtUp(Connection db, Admin admin, Topics topics) throws Exception {
        return io.payments.sink.postgres.CatchUp.caughtUp(db, admin, topics);
    }
}
