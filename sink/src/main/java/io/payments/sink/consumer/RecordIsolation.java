package io.payments.sink.consumer;

import io.payments.schemas.failure.FailureClass;
import io.payments.sink.postgres.PostgresErrors;
import io.payments.sink.projection.LedgerWriter;
import io.payments.sink.projection.RecordBatch;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds the record whose rows PostgreSQL refused for their content (docs/failures.md, "Failure classes"),
 * so that one record never stops more than its own partition: the poll is written again one
 * partition per transaction, and a partition still refused is bisected down to the record; the
 * records before it are written and the partition stops at it.
 */
final class RecordIsolation {

    private final Consumer<byte[], byte[]> consumer;
    private final LedgerWriter writer;
    private final BatchAssembler assembler;
    private final Positions positions;
    private final StoppedPartitions stopped;
    private final SinkMetrics metrics;

    RecordIsolation(Consumer<byte[], byte[]> consumer, LedgerWriter writer, BatchAssembler assembler,
                    Positions positions, StoppedPartitions stopped, SinkMetrics metrics) {
        this.consumer = consumer;
        this.writer = writer;
        this.assembler = assembler;
        this.positions = positions;
        this.stopped = stopped;
        this.metrics = metrics;
    }

    /**
     * Writes the poll again one partition per transaction, each from the offset PostgreSQL holds
     * (a partition whose records do not start there is read again from it instead), and bisects a
     * partition PostgreSQL still refuses.
     *
     * @throws Exception a failure of another class (transient, a bug, stale offsets), to be handled
     *                   as a failed write of the whole poll is
     */
    void isolate(ConsumerRecords<byte[], byte[]> records) throws Exception {
        Map<TopicPartition, Long> stored = writer.claim(consumer.assignment());
        for (TopicPartition partition : consumer.assignment()) {
            Long from = stored.get(partition);
            long next = consumer.position(partition);
            if (stopped.contains(partition) || from == next) {
                positions.expect(partition, from);
                continue;
            }
            if (!from.equals(positions.expected(partition))) {
                positions.expect(partition, from);
                consumer.seek(partition, from);
                continue;
            }
            RecordBatch batch = new RecordBatch();
            List<ConsumerRecord<byte[], byte[]>> decoded = assembler.addPartition(batch, partition, from,
                    records.records(partition), next);
            try {
                writer.write(batch);
                positions.written(batch);
                metrics.rows.increment(batch.recordCount());
            } catch (Exception e) {
                if (PostgresErrors.classify(e) != FailureClass.RECORD) {
                    throw e;
                }
                bisect(partition, from, decoded, e);
            }
        }
    }

    /**
     * Finds the first record whose rows PostgreSQL refuses, by trial transactions that are rolled
     * back (about log2 of the partition's records of them), writes the records before it and stops
     * the partition there.
     */
    private void bisect(TopicPartition partition, long from, List<ConsumerRecord<byte[], byte[]>> records,
                        Exception refused) throws Exception {
        int good = 0;
        int bad = records.size();
        Exception failure = refused;
        while (bad - good > 1) {
            int middle = (good + bad) >>> 1;
            try {
                writer.trial(assembler.prefix(partition, from, records, middle));
                good = middle;
            } catch (Exception e) {
                if (PostgresErrors.classify(e) != FailureClass.RECORD) {
                    throw e;
                }
                bad = middle;
                failure = e;
            }
        }
        long culprit = records.get(bad - 1).offset();
        if (culprit != from) {
            RecordBatch before = assembler.prefix(partition, from, records, bad - 1);
            writer.write(before);
            metrics.rows.increment(before.recordCount());
        }
        positions.expect(partition, culprit);
        stopped.refused(partition, culprit, failure);
    }
}
