package io.payments.schemas.topics;

/**
 * How the pipeline's topics are laid out on a cluster. All of them share one partition count
 * because they are all keyed by account. The local default suits one broker; a production
 * cluster uses replication 3 and min.insync.replicas 2.
 */
public record TopicLayout(int partitions, short replicationFactor, int minInsyncReplicas) {

    public static final TopicLayout LOCAL = new TopicLayout(6, (short) 1, 1);

    public TopicLayout {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1, got " + replicationFactor);
        }
        if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("min.insync.replicas must be between 1 and the replication factor ("
                    + replicationFactor + "), got " + minInsyncReplicas);
        }
    }
}
