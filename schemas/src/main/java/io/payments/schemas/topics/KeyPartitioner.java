package io.payments.schemas.topics;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition a record key belongs on: murmur2 of the key's bytes, made positive, modulo the
 * partition count. This is what Kafka's Java producer does for a keyed record
 * ({@code BuiltInPartitioner.partitionForKey}) and so what Kafka Streams' sinks do; librdkafka
 * clients do the same only with {@code partitioner=murmur2_random} (their default,
 * {@code consistent_random}, hashes with CRC32 and puts most keys elsewhere).
 */
public final class KeyPartitioner {

    private KeyPartitioner() {
    }

    /** @param partitions the topic's partition count, at least 1 */
    public static int partitionOf(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /** The partition of an account id written as UTF-8, as the pipeline's key serializer writes it. */
    public static int partitionOf(String key, int partitions) {
        return partitionOf(key.getBytes(StandardCharsets.UTF_8), partitions);
    }
}
