package io.payments.sink.consumer;

import io.payments.schemas.serde.WireFormatException;
import io.payments.sink.postgres.PostgresErrors;
import io.payments.sink.projection.UnstorableRowException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions this sink stopped, each at a record that is at fault itself (docs/failures.md, "Failure
 * classes"): one it cannot read, or whose rows PostgreSQL refuses for their content. Only that
 * partition stops, paused at that record, with one log line naming the topic, partition, offset,
 * reason and the way out; the others go on. A revoked partition is forgotten: whoever is assigned
 * it next meets the record again.
 */
final class StoppedPartitions {

    private static final Logger LOG = LoggerFactory.getLogger(StoppedPartitions.class);

    private final Consumer<?, ?> consumer;
    private final Map<TopicPartition, String> stopped = new ConcurrentHashMap<>();

    StoppedPartitions(Consumer<?, ?> consumer) {
        this.consumer = consumer;
    }

    /** A record the sink cannot decode, a schema it does not know for instance. */
    void unreadable(TopicPartition partition, long offset, WireFormatException failure) {
        stop(partition, offset, failure.getMessage(), "Nothing after it is written until the record can be read "
                + "(register its schema or deploy a sink that knows it) and the sink is restarted.");
    }

    /** A record whose row the projection's constraints would refuse, found before writing. */
    void unstorable(TopicPartition partition, long offset, UnstorableRowException failure) {
        stop(partition, offset, failure.getMessage(), "Only the processor writes this topic: find who wrote the "
                + "record, then skip it (payments sink skip) and restart the sink.");
    }

    /** A record whose rows PostgreSQL refused for their content. */
    void refused(TopicPartition partition, long offset, Exception failure) {
        stop(partition, offset, "PostgreSQL refused its rows (" + PostgresErrors.describe(failure) + ")",
                "Fix the cause and restart the sink, or skip this one record: payments sink skip --topic "
                        + partition.topic() + " --partition " + partition.partition() + " --offset " + offset
                        + " --reason \"…\" (it records the skip in sink_skipped_records).");
    }

    boolean contains(TopicPartition partition) {
        return stopped.containsKey(partition);
    }

    /** The partitions of the assignment that may be read: all but the stopped ones. */
    Set<TopicPartition> resumable(Collection<TopicPartition> assignment) {
        Set<TopicPartition> resumable = new HashSet<>(assignment);
        resumable.removeAll(stopped.keySet());
        return resumable;
    }

    void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(stopped::remove);
    }

    /** Each stopped partition with its log line. */
    Map<TopicPartition, String> reasons() {
        return Map.copyOf(stopped);
    }

    int count() {
        return stopped.size();
    }

    private void stop(TopicPartition partition, long offset, String reason, String wayOut) {
        String message = "Partition " + partition + " stopped at offset " + offset + ": " + reason + ". " + wayOut;
        LOG.error(message);
        stopped.put(partition, message);
        consumer.pause(List.of(partition));
    }
}
