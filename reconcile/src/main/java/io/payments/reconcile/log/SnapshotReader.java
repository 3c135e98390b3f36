package io.payments.reconcile.log;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads partitions from their beginning up to the snapshot's end offsets with a
 * {@code read_committed} consumer of its own (no group: nothing is committed), handing each
 * record over undecoded.
 */
public final class SnapshotReader {

    private static final Duration STALL = Duration.ofSeconds(60);

    private final Map<String, Object> consumerConfig;

    public SnapshotReader(String bootstrapServers, Map<String, Object> kafkaOverrides) {
        this.consumerConfig = new HashMap<>(kafkaOverrides);
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
    }

    /**
     * @param progress told the number of offsets passed after each poll
     */
    public void read(Map<TopicPartition, Long> ends, Consumer<ConsumerRecord<byte[], byte[]>> handler, LongConsumer progress) {
        Map<TopicPartition, Long> remaining = new HashMap<>(ends);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(remaining.keySet());
            consumer.seekToBeginning(remaining.keySet());
            Map<TopicPartition, Long> positions = new HashMap<>();
            remaining.keySet().forEach(tp -> positions.put(tp, consumer.position(tp)));
            long lastProgress = System.nanoTime();
            while (!remaining.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    Long end = remaining.get(tp);
                    if (end != null && record.offset() < end) {
                        handler.accept(record);
                    }
                }
                for (var it = remaining.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    long position = consumer.position(e.getKey());
                    long before = positions.put(e.getKey(), position);
                    if (position != before) {
                        progress.accept(Math.min(position, e.getValue()) - Math.min(before, e.getValue()));
                        lastProgress = System.nanoTime();
                    }
                    // Positions step over transaction markers, so reaching the end is position >= end.
                    if (position >= e.getValue()) {
                        consumer.pause(java.util.List.of(e.getKey()));
                        it.remove();
                    }
                }
                if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                    throw new IllegalStateException("No progress reading " + remaining.keySet() + " for " + STALL.toSeconds()
                            + " s; is the broker reachable?");
                }
            }
        }
    }
}
