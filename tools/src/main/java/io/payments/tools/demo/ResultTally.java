package io.payments.tools.demo;

import io.payments.avro.TransferResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Counts the results committed since it started, by outcome and reason, for the demo's live view and report. */
final class ResultTally implements AutoCloseable {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    ResultTally(String bootstrapServers, String topic, Deserializer<SpecificRecord> results) throws InterruptedException {
        KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), results);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(() -> {
            try (consumer) {
                while (running.get()) {
                    for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
                        TransferResult result = (TransferResult) record.value();
                        if (result.getDuplicate()) {
                            counts.computeIfAbsent("DUPLICATE", k -> new LongAdder()).increment();
                        } else {
                            counts.computeIfAbsent(result.getOutcome().name(), k -> new LongAdder()).increment();
                            if (result.getReason() != null) {
                                counts.computeIfAbsent(result.getOutcome() + " " + result.getReason(),
                                        k -> new LongAdder()).increment();
                            }
                        }
                        total.increment();
                    }
                }
            }
        }, "demo-results");
        thread.setDaemon(true);
        thread.start();
    }

    long total() {
        return total.sum();
    }

    long count(String key) {
        LongAdder adder = counts.get(key);
        return adder == null ? 0 : adder.sum();
    }

    /** Counts by "OUTCOME REASON" of first results, and DUPLICATE for retries answered. */
    Map<String, Long> byReason() {
        Map<String, Long> byReason = new TreeMap<>();
        counts.forEach((key, adder) -> {
            if (key.contains(" ") || key.equals("DUPLICATE")) {
                byReason.put(key, adder.sum());
            }
        });
        return byReason;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
    }
}
