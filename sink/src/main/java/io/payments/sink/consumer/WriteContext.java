package io.payments.sink.consumer;

import io.payments.sink.projection.LedgerWriter;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * What writing a poll takes, shared by the normal path ({@link WriterPool}) and the isolation of
 * a refused record ({@link RecordIsolation}): the consumer (positions and assignment), the writer,
 * the decoding into batches, the offsets expected per partition, the stopped partitions and the meters.
 */
record WriteContext(Consumer<byte[], byte[]> consumer, LedgerWriter writer, BatchAssembler assembler, Positions positions,
                    StoppedPartitions stopped, SinkMetrics metrics) {
}
