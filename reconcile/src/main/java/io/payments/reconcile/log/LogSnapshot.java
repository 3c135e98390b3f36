package io.payments.reconcile.log;

import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The committed end offsets a reconciliation reads up to, taken topic by topic in the order
 * the pipeline writes them: results first, commands last. Each topic's records are caused by
 * records of the topics taken after it, so whatever a result or an entry refers to is inside
 * the snapshot; only the newest requests may still be waiting for their outcome.
 */
public record LogSnapshot(long takenAt, Map<TopicPartition, Long> beginnings, Map<TopicPartition, Long> ends) {

    /** The order the end offsets are taken in. */
    public static final List<PaymentTopic> ORDER = List.of(PaymentTopic.TRANSFER_RESULTS, PaymentTopic.LEDGER_ENTRIES,
            PaymentTopic.CREDITS, PaymentTopic.DEAD_LETTERS, PaymentTopic.COMMANDS);

    public static LogSnapshot take(Admin admin, Topics topics) throws ExecutionException, InterruptedException {
        long takenAt = System.currentTimeMillis();
        Map<TopicPartition, Long> beginnings = new HashMap<>();
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        for (PaymentTopic topic : ORDER) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            for (int p = 0; p < topics.layout().partitions(); p++) {
                latest.put(new TopicPartition(topics.name(topic), p), OffsetSpec.latest());
                earliest.put(new TopicPartition(topics.name(topic), p), OffsetSpec.earliest());
            }
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .forEach((tp, info) -> ends.put(tp, info.offset()));
            admin.listOffsets(earliest).all().get().forEach((tp, info) -> beginnings.put(tp, info.offset()));
        }
        return new LogSnapshot(takenAt, beginnings, ends);
    }

    public Map<TopicPartition, Long> ends(String topic) {
        Map<TopicPartition, Long> result = new HashMap<>();
        ends.forEach((tp, end) -> {
            if (tp.topic().equals(topic)) {
                result.put(tp, end);
            }
        });
        return result;
    }

    /** Offsets in the snapshot (records plus transaction markers): the amount of reading ahead, for progress. */
    public long span() {
        return ends.entrySet().stream().mapToLong(e -> e.getValue() - beginnings.getOrDefault(e.getKey(), 0L)).sum();
    }
}
