package io.payments.sink.consumer;

import io.payments.avro.LedgerEntry;
import io.payments.avro.TransferResult;
import io.payments.schemas.registry.SchemaRegistries;
import io.payments.schemas.serde.AvroDeserializer;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.serde.StrictStringDeserializer;
import io.payments.schemas.serde.WireFormatException;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import io.payments.sink.config.SinkConfig;
import io.payments.sink.projection.RecordBatch;
import io.payments.sink.projection.UnstorableRowException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns the records read from a partition into a batch: decodes each, up to the first one that
 * cannot be read or stored, which stops the partition there ({@link StoppedPartitions}), and adds
 * the move of the partition's offset.
 */
final class BatchAssembler {

    private final String entriesTopic;
    private final String resultsTopic;
    private final AvroDeserializer<SpecificRecord> entries;
    private final AvroDeserializer<SpecificRecord> results;
    private final StrictStringDeserializer keys = new StrictStringDeserializer();
    private final StoppedPartitions stopped;

    BatchAssembler(SinkConfig config, StoppedPartitions stopped) {
        Topics topics = config.common().topics();
        this.entriesTopic = topics.name(PaymentTopic.LEDGER_ENTRIES);
        this.resultsTopic = topics.name(PaymentTopic.TRANSFER_RESULTS);
        var registry = SchemaRegistries.connect(config.common().schemaRegistryUrl());
        // Without the enums' default symbols: a leg, outcome or kind this release does not know stops its
        // partition as unreadable, rather than reaching the projection's CHECKs as UNKNOWN.
        this.entries = new AvroDeserializer<>(registry, PaymentSerdes.withoutEnumDefaults(
                PaymentTopic.LEDGER_ENTRIES.valueSchema()));
        this.results = new AvroDeserializer<>(registry, PaymentSerdes.withoutEnumDefaults(
                PaymentTopic.TRANSFER_RESULTS.valueSchema()));
        this.stopped = stopped;
    }

    /** The topics the sink reads. */
    List<String> topics() {
        return List.of(entriesTopic, resultsTopic);
    }

    /**
     * Adds a partition's records to the batch, up to the first one that cannot be read or stored
     * (which stops the partition there), and the move of its offset from {@code from} to
     * {@code next}, or to that record; no move when nothing moves.
     *
     * @return the records added
     */
    List<ConsumerRecord<byte[], byte[]>> addPartition(RecordBatch batch, TopicPartition partition, long from,
                                                      List<ConsumerRecord<byte[], byte[]>> records, long next) {
        List<ConsumerRecord<byte[], byte[]>> added = new ArrayList<>();
        long end = next;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                add(batch, record);
                added.add(record);
            } catch (WireFormatException e) {
                stopped.unreadable(partition, record.offset(), e);
                end = record.offset();
                break;
            } catch (UnstorableRowException e) {
                stopped.unstorable(partition, record.offset(), e);
                end = record.offset();
                break;
            }
        }
        if (end != from) {
            batch.move(partition, from, end);
        }
        return added;
    }

    /**
     * The batch of the first {@code length} of a partition's records (all of them readable), moving
     * its offset from {@code from} to the record after them.
     */
    RecordBatch prefix(TopicPartition partition, long from, List<ConsumerRecord<byte[], byte[]>> records, int length) {
        RecordBatch batch = new RecordBatch();
        for (ConsumerRecord<byte[], byte[]> record : records.subList(0, length)) {
            add(batch, record);
        }
        batch.move(partition, from, records.get(length).offset());
        return batch;
    }

    /** Decodes the record, its key strictly too (the key is not stored, but bytes that are not UTF-8 are not the processor's). */
    private void add(RecordBatch batch, ConsumerRecord<byte[], byte[]> record) {
        keys.deserialize(record.topic(), record.key());
        if (record.topic().equals(entriesTopic)) {
            batch.add((LedgerEntry) entries.deserialize(record.topic(), record.value()));
        } else {
            batch.add((TransferResult) results.deserialize(record.topic(), record.value()));
        }
    }
}
