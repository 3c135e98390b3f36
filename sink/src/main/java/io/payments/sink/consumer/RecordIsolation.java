package io.payments.sink.consumer;

import io.payments.schemas.failure.FailureClass;
import io.payments.sink.postgres.PostgresErrors;
import io.payments.sink.projection.RecordBatch;
import java.util.List;
import java.util.Map;
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

    private final WriteContext context;

    RecordIsolation(WriteContext context) {
        this.context = context;
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
        Map<TopicPartition, Long> stored = context.writer().claim(context.consumer().assignment());
        for (TopicPartition partition : context.consumer().assignment()) {
            Long from = stored.get(partition);
            long next = context.consumer().position(partition);
            if (context.stopped().contains(partition) || from == next) {
                context.positions().expect(partition, from);
                continue;
            }
            if (!from.equals(context.positions().expected(partition))) {
                context.positions().expect(partition, from);
                context.consumer().seek(partition, from);
                continue;
            }
            RecordBatch batch = new RecordBatch();
            List<ConsumerRecord<byte[], byte[]>> decoded = context.assembler().addPartition(batch, partition, from,
                    records.records(partition), next);
            try {
                context.writer().write(batch);
                context.positions().written(batch);
                context.metrics().rows.increment(batch.recordCount());
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
                context.writer().trial(context.assembler().prefix(partition, from, records, middle));
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
            RecordBatch before = context.assembler().prefix(partition, from, records, bad - 1);
            context.writer().write(before);
            context.metrics().rows.increment(before.recordCount());
        }
        context.positions().expect(partition, culprit);
        context.stopped().refused(partition, culprit, failure);
    }
}
