package io.payments.sink;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.payments.schemas.config.Settings;
import io.payments.schemas.topics.Topics;
import io.payments.sink.config.SinkConfig;
import io.payments.sink.consumer.SinkService;
import io.payments.sink.postgres.Database;
import io.payments.testkit.TestRuntime;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** A sink on a test's own topics and database, running on a thread of the test JVM. */
final class SinkFixture implements AutoCloseable {

    final SinkConfig config;
    final HikariDataSource dataSource;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SinkService sink;
    private final Thread thread;

    SinkFixture(SinkConfig config) {
        this.config = config;
        this.dataSource = Database.connect(config);
        this.sink = new SinkService(config, dataSource, meters);
        this.thread = new Thread(sink, "sink-under-test");
        thread.start();
    }

    SinkService service() {
        return sink;
    }

    static Map<String, String> settings(TestRuntime runtime, Topics topics, String jdbcUrl, String user, String password) {
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", runtime.bootstrapServers());
        settings.put("schema.registry.url", runtime.registryUrl());
        settings.put("topics.prefix", topics.prefix());
        settings.put("sink.group.id", runtime.id() + "-sink");
        settings.put("sink.postgres.url", jdbcUrl);
        settings.put("sink.postgres.user", user);
        settings.put("sink.postgres.password", password);
        settings.put("sink.max.poll.records", "500");
        settings.put("sink.holds.metrics.interval", "200ms");
        settings.put("kafka.session.timeout.ms", "6000");
        settings.put("kafka.heartbeat.interval.ms", "1500");
        return settings;
    }

    static SinkConfig config(Map<String, String> settings) {
        return SinkConfig.from(Settings.of(settings));
    }

    /** A producer that writes any of the topics' records (ledger entries and results share the registry). */
    static KafkaProducer<String, SpecificRecord> producer(TestRuntime runtime) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(),
                new TopicValueSerializer(runtime));
    }

    @Override
    public void close() throws InterruptedException {
        sink.close();
        thread.join(15_000);
        dataSource.close();
    }
}
