package io.payments.sink.consumer;

import io.payments.sink.config.SinkConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The sink's Kafka consumer, as the storing-offsets-outside-Kafka pattern needs it. */
final class SinkConsumers {

    private SinkConsumers() {
    }

    /**
     * A consumer of raw bytes (the sink decodes them itself, to stop a partition at a record it
     * cannot read): {@code read_committed}, so aborted processor transactions are never projected;
     * no auto-commit, since the offsets live in PostgreSQL with the rows; at most
     * {@code sink.max.poll.records} records a poll. Any {@code kafka.*} setting applies but these and
     * the servers and group; a fetch waits for 64 KiB or 50 ms unless one says otherwise.
     */
    static Consumer<byte[], byte[]> create(SinkConfig config) {
        Map<String, Object> settings = new HashMap<>(config.kafkaOverrides());
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.common().bootstrapServers());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        settings.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
        settings.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
