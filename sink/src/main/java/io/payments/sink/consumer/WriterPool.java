package io.payments.sink.consumer;

import io.payments.sink.projection.RecordBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes a poll over {@code sink.writers} connections in parallel: partition {@code p} always on
 * writer {@code p % writers}, each writer one transaction with its partitions' offsets. The
 * writers are what lets the sink use more than one PostgreSQL backend (BENCHMARKS.md, "Sink").
 */
final class WriterPool implements AutoCloseable {

    private final WriteContext context;
    private final int writers;
    private final ExecutorService threads;

    WriterPool(int writers, WriteContext context) {
        this.context = context;
        this.writers = writers;
        this.threads = Executors.newFixedThreadPool(writers, runnable -> {
            Thread thread = new Thread(runnable, "sink-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Writes the poll's records of every assigned partition that is read from stored offsets and
     * not stopped, and the partitions' new offsets; waits for every writer.
     *
     * @throws Exception the first writer's failure (a {@link java.sql.SQLException}, a
     *                   {@link io.payments.sink.projection.StaleOffsetsException}, …); the other
     *                   writers' transactions may have committed, which their offsets say
     */
    void write(ConsumerRecords<byte[], byte[]> records) throws Exception {
        Map<Integer, RecordBatch> byWriter = new HashMap<>();
        for (TopicPartition partition : context.consumer().assignment()) {
            Long from = context.positions().expected(partition);
            if (from == null || context.stopped().contains(partition)) {
                continue;
            }
            RecordBatch batch = byWriter.computeIfAbsent(partition.partition() % writers, k -> new RecordBatch());
            // The consumer's position, not the last record's offset + 1: it is past transaction
            // markers too, so a caught-up sink stores the partition's end offset.
            context.assembler().addPartition(batch, partition, from, records.records(partition), context.consumer().position(partition));
        }
        writeInParallel(byWriter.values().stream().filter(batch -> !batch.offsets().isEmpty()).toList());
        for (RecordBatch batch : byWriter.values()) {
            context.positions().written(batch);
            context.metrics().rows.increment(batch.recordCount());
        }
    }

    private void writeInParallel(List<RecordBatch> batches) throws Exception {
        List<Future<?>> writes = new ArrayList<>();
        for (RecordBatch batch : batches) {
            writes.add(threads.submit(() -> {
                context.metrics().transaction.recordCallable(() -> {
                    context.writer().write(batch);
                    return null;
                });
                context.metrics().batchRows.record(batch.recordCount());
                context.metrics().committed(batch.results(), System.currentTimeMillis());
                return null;
            }));
        }
        Exception failure = null;
        for (Future<?> write : writes) {
            try {
                write.get();
            } catch (ExecutionException e) {
                failure = failure == null ? (Exception) e.getCause() : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
