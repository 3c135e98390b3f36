package io.payments.testkit;

import io.payments.avro.TransferResult;
import io.payments.schemas.topics.DeadLetterHeaders;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Follows the pipeline's answers from the beginning, read_committed, in a thread of its own:
 * results on payments.transfer-results by request id, and dead letters on payments.dead-letters
 * by the input record they name. For tests that send records and wait for what each one got.
 */
public final class AnswerFollower extends Thread implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String resultsTopic;
    private final Deserializer<SpecificRecord> decoder;
    private final Map<String, List<TransferResult>> results = new ConcurrentHashMap<>();
    private final Map<String, String> deadLetters = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    public AnswerFollower(TestRuntime runtime, Topics topics) {
        super("answer-follower");
        setDaemon(true);
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.resultsTopic = topics.name(PaymentTopic.TRANSFER_RESULTS);
        this.decoder = runtime.serdes().<SpecificRecord>forTopic(PaymentTopic.TRANSFER_RESULTS).deserializer();
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(resultsTopic, topics.name(PaymentTopic.DEAD_LETTERS))) {
            for (int p = 0; p < topics.layout().partitions(); p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        start();
    }

    /** Where a dead letter says its record came from, as {@link #deadLetter} takes it. */
    public static String origin(String topic, int partition, long offset) {
        return topic + " " + partition + "@" + offset;
    }

    /** Results for a request id so far, in the order they were read (empty if none). */
    public List<TransferResult> results(String requestId) {
        return results.getOrDefault(requestId, List.of());
    }

    /** The reason header of the dead letter for this input record, or null if there is none yet. */
    public String deadLetter(String origin) {
        return deadLetters.get(origin);
    }

    @Override
    public void run() {
        while (running) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.topic().equals(resultsTopic)) {
                    TransferResult result = (TransferResult) decoder.deserialize(record.topic(), record.value());
                    results.computeIfAbsent(result.getTransferId(), id -> new CopyOnWriteArrayList<>()).add(result);
                } else {
                    deadLetters.put(origin(header(record, DeadLetterHeaders.TOPIC),
                            Integer.parseInt(header(record, DeadLetterHeaders.PARTITION)),
                            Long.parseLong(header(record, DeadLetterHeaders.OFFSET))), header(record, DeadLetterHeaders.REASON));
                }
            }
        }
        consumer.close();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        join(5_000);
    }
}
