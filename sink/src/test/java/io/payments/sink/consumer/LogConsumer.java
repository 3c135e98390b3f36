package io.payments.sink.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's {@link MockConsumer} over a log that stays, as a broker's does: each poll hands out the
 * records from the position on of every partition not paused, so a seek back reads them again. A
 * poll that finds nothing waits its timeout on the {@link ManualTime}, as a real one would. Each
 * poll is remembered with its time and whether every assigned partition was paused.
 */
final class LogConsumer extends MockConsumer<byte[], byte[]> {

    /** A poll: when, and whether the consumer was reading nothing (all of its assignment paused). */
    record Poll(long atMillis, boolean allPaused) {
    }

    private final ManualTime time;
    private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> log = new HashMap<>();
    private final List<Poll> polls = new ArrayList<>();

    LogConsumer(ManualTime time) {
        super("earliest");
        this.time = time;
    }

    /** Appends a record to the partition's log, at the next offset; returns that offset. */
    synchronized long append(TopicPartition partition, byte[] key, byte[] value) {
        List<ConsumerRecord<byte[], byte[]>> records = log.computeIfAbsent(partition, p -> new ArrayList<>());
        records.add(new ConsumerRecord<>(partition.topic(), partition.partition(), records.size(), key, value));
        return records.size() - 1;
    }

    @Override
    public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        boolean found = false;
        for (TopicPartition partition : assignment()) {
            if (paused().contains(partition)) {
                continue;
            }
            long position = position(partition);
            for (ConsumerRecord<byte[], byte[]> record : log.getOrDefault(partition, List.of())) {
                if (record.offset() >= position) {
                    addRecord(record);
                    found = true;
                }
            }
        }
        polls.add(new Poll(time.milliseconds(), !assignment().isEmpty() && paused().containsAll(assignment())));
        if (!found) {
            time.sleep(timeout.toMillis());
        }
        return super.poll(timeout);
    }

    synchronized List<Poll> polls() {
        return List.copyOf(polls);
    }
}
