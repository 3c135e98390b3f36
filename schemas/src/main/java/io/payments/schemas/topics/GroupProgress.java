package io.payments.schemas.topics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** Whether a consumer group (the processor's application id, say) has committed past everything committed to its inputs. */
public final class GroupProgress {

    private GroupProgress() {
    }

    /**
     * True when, on every partition of the topics, the group's committed offset reaches the
     * committed end. Only stable offsets count: a partition whose transactional offset commit is
     * still pending (its outputs not yet visible in the ends) is behind, or the group would look
     * done while its last outputs are about to appear.
     */
    public static boolean caughtUp(Admin admin, String groupId, Topics topics, List<PaymentTopic> inputs)
            throws ExecutionException, InterruptedException {
        return lag(ends(admin, topics, inputs), committed(admin, groupId, true)) == 0;
    }

    /**
     * Offsets between the group's committed position and the committed end, summed over the
     * partitions of the topics (a partition the group never committed counts from 0). While an
     * offset commit is pending, the previous commit is the group's position: asked for stable
     * offsets only, the broker leaves such a partition out, and the lag would jump to the
     * partition's whole length.
     */
    public static long lag(Admin admin, String groupId, Topics topics, List<PaymentTopic> inputs)
            throws ExecutionException, InterruptedException {
        return lag(ends(admin, topics, inputs), committed(admin, groupId, false));
    }

    private static Map<TopicPartition, ListOffsetsResultInfo> ends(Admin admin, Topics topics, List<PaymentTopic> inputs)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (PaymentTopic topic : inputs) {
            for (int p = 0; p < topics.layout().partitions(); p++) {
                request.put(new TopicPartition(topics.name(topic), p), OffsetSpec.latest());
            }
        }
        return admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String groupId, boolean stableOnly)
            throws ExecutionException, InterruptedException {
        return admin.listConsumerGroupOffsets(groupId, new ListConsumerGroupOffsetsOptions().requireStable(stableOnly))
                .partitionsToOffsetAndMetadata().get();
    }

    private static long lag(Map<TopicPartition, ListOffsetsResultInfo> ends, Map<TopicPartition, OffsetAndMetadata> committed) {
        long lag = 0;
        for (var end : ends.entrySet()) {
            OffsetAndMetadata position = committed.get(end.getKey());
            lag += Math.max(0, end.getValue().offset() - (position == null ? 0 : position.offset()));
        }
        return lag;
    }
}
