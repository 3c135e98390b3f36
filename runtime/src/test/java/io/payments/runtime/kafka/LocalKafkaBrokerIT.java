package io.payments.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payments.runtime.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaBrokerIT {

    @TempDir
    Path dataDir;

    @Test
    void startsProducesConsumesAndRestartsOnTheSameLog() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.at(dataDir, 0).start()) {
            try (Admin admin = admin(broker)) {
                admin.createTopics(List.of(new NewTopic("it.broker", 2, (short) 1))).all().get();
                FeatureMetadata features = admin.describeFeatures().featureMetadata().get();
                // KIP-890 (transactions v2) guards exactly-once against late transaction markers.
                assertThat(features.finalizedFeatures().get("transaction.version").maxVersionLevel())
                        .isGreaterThanOrEqualTo((short) 2);
            }
            produce(broker, "before-stop", 10);
            assertThat(consumeAll(broker)).hasSize(10);

            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.start();
            produce(broker, "after-restart", 5);
            assertThat(consumeAll(broker)).hasSize(15).contains("before-stop-0", "after-restart-4");

            long pid = broker.pid();
            broker.kill();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            broker.start();
            assertThat(consumeAll(broker)).hasSize(15);
        }
    }

    @Test
    void withASeparateControllerAKilledBrokerIsFencedAndComesBack() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.withSeparateController(dataDir, 0).start()) {
            try (Admin admin = admin(broker)) {
                admin.createTopics(List.of(new NewTopic("it.broker", 2, (short) 1))).all().get();
            }
            produce(broker, "before-kill", 10);
            broker.kill();
            assertThat(broker.isRunning()).isFalse();
            broker.awaitFenced(Duration.ofSeconds(60));
            broker.start();
            produce(broker, "after-restart", 5);
            assertThat(consumeAll(broker)).hasSize(15).contains("before-kill-0", "after-restart-4");
        }
    }

    @Test
    void aBusyPortIsAClearError() throws Exception {
        int port = Ports.free();
        try (var blocker = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalKafkaBroker.at(dataDir, port).start())
                    .isInstanceOf(Ports.PortInUseException.class)
                    .hasMessageContaining("Port " + port + " for the Kafka broker is already in use");
        }
    }

    private static Admin admin(LocalKafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static void produce(LocalKafkaBroker broker, String prefix, int count) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>("it.broker", "k" + i, prefix + "-" + i));
            }
            producer.flush();
        }
    }

    private static List<String> consumeAll(LocalKafkaBroker broker) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition("it.broker", 0), new TopicPartition("it.broker", 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }
}
