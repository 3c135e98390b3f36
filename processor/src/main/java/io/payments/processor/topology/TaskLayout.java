package io.payments.processor.topology;

import io.payments.schemas.topics.Topics;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partition count a task's state was built with, kept in the task's own store and checked
 * each time the task is initialised (every assignment and restart). Accounts are placed by
 * murmur2 of their id modulo the partition count, so under another count the same ids hash to
 * other tasks: balances would split, and an account could be opened twice. A task without a
 * recorded count (new, or built by a release before this check) adopts the current one.
 */
final class TaskLayout {

    private static final Logger LOG = LoggerFactory.getLogger(TaskLayout.class);
    static final String PARTITIONS = "partitions";
    static final String SIGNED_LEGS_FROM = "legs.signed.from";

    private TaskLayout() {
    }

    /**
     * @throws PartitionCountChangedException when the task's state was built with another count, or
     *         the task's partition lies beyond the count (partitions were added while running)
     */
    static void check(KeyValueStore<String, Long> layout, TaskId task, int partitions) {
        Long stored = layout.get(PARTITIONS);
        Integer built = stored == null ? null : stored.intValue();
        if (task.partition() >= partitions) {
            throw new PartitionCountChangedException(task, built == null ? partitions : built,
                    "at least " + (task.partition() + 1));
        }
        if (built != null && built != partitions) {
            throw new PartitionCountChangedException(task, built, Integer.toString(partitions));
        }
        if (built == null) {
            layout.put(PARTITIONS, (long) partitions);
            LOG.info("Task {} records the partition count its state is built with: {}", task, partitions);
        }
    }

    /**
     * The offset on the task's partition of payments.credits from which every leg must be signed:
     * recorded at the task's first start with signing (from {@code unsignedBelow}, the partition's
     * end offset then), so that legs an earlier release wrote unsigned are still applied after the
     * upgrade and no unsigned leg written afterwards ever is.
     */
    static long signedLegsFrom(KeyValueStore<String, Long> layout, TaskId task, long unsignedBelow) {
        Long recorded = layout.get(SIGNED_LEGS_FROM);
        if (recorded != null) {
            return recorded;
        }
        layout.put(SIGNED_LEGS_FROM, unsignedBelow);
        LOG.info("Task {} accepts unsigned legs below offset {} of payments.credits (written before legs were signed)",
                task, unsignedBelow);
        return unsignedBelow;
    }

    /** The input topics' partition count is not the one the state was built with: a fatal misconfiguration. */
    static final class PartitionCountChangedException extends IllegalStateException {

        PartitionCountChangedException(TaskId task, int built, String now) {
            super("Task " + task + "'s state was built for " + built + " partitions, but the input topics now have "
                    + now + ". Accounts are placed by their id's hash modulo the partition count, so with another count "
                    + "they land on partitions whose state does not hold them: the processor will not run. "
                    + Topics.CHANGING_THE_PARTITION_COUNT + " Until then run on the original topics with topics.partitions="
                    + built + ".");
        }
    }
}
