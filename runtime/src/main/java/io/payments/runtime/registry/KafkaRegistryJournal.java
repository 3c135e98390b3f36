package io.payments.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payments.schemas.registry.CompatibilityLevel;
import io.payments.schemas.registry.InMemorySchemaRegistry;
import io.payments.schemas.registry.RegistryEvent;
import io.payments.schemas.registry.SchemaDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Keeps the registry's changes in a compacted, single-partition Kafka topic, as the Confluent
 * registry keeps them in {@code _schemas}: keys say what changed (a subject's version, or a
 * compatibility setting), so compaction keeps every version and the latest settings. Replaying
 * the topic on start gives back the same ids.
 */
final class KafkaRegistryJournal implements Consumer<RegistryEvent>, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrapServers;
    private final String topic;
    private final Map<String, Object> clientConfig;
    private final KafkaProducer<byte[], byte[]> producer;

    KafkaRegistryJournal(String bootstrapServers, String topic, Map<String, Object> clientConfig) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.clientConfig = clientConfig;
        ensureTopic();
        Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Applies every change in the topic, in order, up to its end at the time of the call. */
    void replayInto(InMemorySchemaRegistry registry) {
        Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        registry.apply(decode(record.key(), record.value()));
                    }
                }
            }
        }
    }

    @Override
    public void accept(RegistryEvent event) {
        ObjectNode key = JSON.createObjectNode();
        ObjectNode value = JSON.createObjectNode();
        if (event instanceof RegistryEvent.SchemaRegistered registered) {
            key.put("keytype", "SCHEMA").put("subject", registered.subject()).put("version", registered.version());
            registered.definition().writeTo(value.put("subject", registered.subject()).put("version", registered.version())
                 .put("id", registered.id()).put("schemaType", "AVRO"));
        } else if (event instanceof RegistryEvent.CompatibilityChanged changed) {
            key.put("keytype", "CONFIG").put("subject", changed.subject());
            value.put("compatibilityLevel", changed.level().name());
        }
        try {
            producer.send(new ProducerRecord<>(topic, 0, JSON.writeValueAsBytes(key), JSON.writeValueAsBytes(value)))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Could not store the registry change in Kafka topic " + topic + ": " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private static RegistryEvent decode(byte[] keyBytes, byte[] valueBytes) {
        try {
            JsonNode key = JSON.readTree(new String(keyBytes, StandardCharsets.UTF_8));
            JsonNode value = JSON.readTree(new String(valueBytes, StandardCharsets.UTF_8));
            if ("SCHEMA".equals(key.path("keytype").asText())) {
                // Entries written before references existed have none: SchemaDefinition reads them as empty.
                return new RegistryEvent.SchemaRegistered(value.path("subject").asText(), value.path("version").asInt(),
                        value.path("id").asInt(), SchemaDefinition.fromJson(value));
            }
            String subject = key.path("subject").isNull() || key.path("subject").isMissingNode()
                    ? null : key.path("subject").asText();
            return new RegistryEvent.CompatibilityChanged(subject,
                    CompatibilityLevel.valueOf(value.path("compatibilityLevel").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable record in the registry topic", e);
        }
    }

    private void ensureTopic() {
        Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            if (!existing.contains(topic)) {
                int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
                NewTopic newTopic = new NewTopic(topic, 1, (short) Math.min(3, brokers))
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create the registry topic " + topic + ": " + e.getCause(), e);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Cannot create the registry topic " + topic + ": " + e, e);
        }
    }
}
