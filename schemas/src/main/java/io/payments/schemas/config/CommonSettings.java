package io.payments.schemas.config;

import io.payments.schemas.topics.TopicLayout;
import io.payments.schemas.topics.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/** Settings every service shares: where Kafka and the registry are, and the topics' names and layout. */
public record CommonSettings(String bootstrapServers, String schemaRegistryUrl, Topics topics) {

    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.string("bootstrap.servers", "127.0.0.1:9092")
            .doc("Kafka's bootstrap servers, `host:port[,host:port…]`.");
    public static final Setting<String> SCHEMA_REGISTRY_URL = Setting.string("schema.registry.url", "http://127.0.0.1:8081")
            .doc("The Confluent-compatible schema registry (`mock://name` in tests).");
    public static final Setting<String> TOPICS_PREFIX = Setting.string("topics.prefix", "")
            .doc("Put before every topic name, e.g. to run two pipelines on one cluster.");
    public static final Setting<Integer> TOPICS_PARTITIONS = Setting.integer("topics.partitions",
                    TopicLayout.LOCAL.partitions(), 1, 10_000)
            .doc("Partitions of every topic; must match the existing topics (docs/operations.md, \"Changing the partition count\").");
    public static final Setting<Integer> TOPICS_REPLICATION_FACTOR = Setting.integer("topics.replication.factor",
                    TopicLayout.LOCAL.replicationFactor(), 1, 32)
            .doc("Replicas of every topic, for `payments topics create`.");
    public static final Setting<Integer> TOPICS_MIN_INSYNC_REPLICAS = Setting.integer("topics.min.insync.replicas",
                    TopicLayout.LOCAL.minInsyncReplicas(), 1, 32)
            .doc("`min.insync.replicas` of every topic, for `payments topics create`.");

    /** Every setting read here, in the order the reference lists them. */
    public static final List<Setting<?>> SETTINGS = List.of(BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL, TOPICS_PREFIX,
            TOPICS_PARTITIONS, TOPICS_REPLICATION_FACTOR, TOPICS_MIN_INSYNC_REPLICAS);

    public static CommonSettings from(Settings settings) {
        TopicLayout layout = new TopicLayout(
                settings.get(TOPICS_PARTITIONS),
                settings.get(TOPICS_REPLICATION_FACTOR).shortValue(),
                settings.get(TOPICS_MIN_INSYNC_REPLICAS));
        return new CommonSettings(
                settings.get(BOOTSTRAP_SERVERS),
                settings.get(SCHEMA_REGISTRY_URL),
                new Topics(settings.get(TOPICS_PREFIX), layout));
    }

    /**
     * A Kafka client's configuration: the {@code kafka.*} settings (without the prefix: security,
     * timeouts and the like), with this pipeline's {@code bootstrap.servers}. A new map, the
     * caller's to add to.
     */
    public Map<String, Object> clientConfig(Map<String, Object> kafkaOverrides) {
        Map<String, Object> config = new HashMap<>(kafkaOverrides);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }
}
