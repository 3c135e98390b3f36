package io.payments.schemas.config;

import io.payments.schemas.topics.TopicLayout;
import io.payments.schemas.topics.Topics;

/** Settings every service shares: where Kafka and the registry are, and the topics' names and layout. */
public record CommonSettings(String bootstrapServers, String schemaRegistryUrl, Topics topics) {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String TOPICS_PREFIX = "topics.prefix";
    public static final String TOPICS_PARTITIONS = "topics.partitions";
    public static final String TOPICS_REPLICATION_FACTOR = "topics.replication.factor";
    public static final String TOPICS_MIN_INSYNC_REPLICAS = "topics.min.insync.replicas";

    public static CommonSettings from(Settings settings) {
        TopicLayout layout = new TopicLayout(
                settings.integer(TOPICS_PARTITIONS, TopicLayout.LOCAL.partitions(), 1, 10_000),
                (short) settings.integer(TOPICS_REPLICATION_FACTOR, TopicLayout.LOCAL.replicationFactor(), 1, 32),
                settings.integer(TOPICS_MIN_INSYNC_REPLICAS, TopicLayout.LOCAL.minInsyncReplicas(), 1, 32));
        return new CommonSettings(
                settings.string(BOOTSTRAP_SERVERS, "127.0.0.1:9092"),
                settings.string(SCHEMA_REGISTRY_URL, "http://127.0.0.1:8081"),
                new Topics(settings.string(TOPICS_PREFIX, ""), layout));
    }
}
