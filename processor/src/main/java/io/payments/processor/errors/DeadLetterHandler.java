package io.payments.processor.errors;

import io.payments.processor.metrics.LedgerMeters;
import io.payments.schemas.registry.SchemaRegistryException;
import io.payments.schemas.serde.WireFormatException;
import io.payments.schemas.topics.DeadLetterReason;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends bad records to the dead-letter topic, in the same transaction as the rest of the task's
 * output (KIP-1034), and lets processing continue: records that cannot be decoded, and records
 * the processor refuses before touching state. The original key and value bytes are kept, with
 * headers saying why and where from. Anything else (the registry unreachable, a bug) fails the
 * task instead: skipping it could lose money.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler,
        ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);
    /** What a produce request adds around one record batch, bounded from above. */
    private static final int REQUEST_FRAMING = 1_024;

    private String deadLetterTopic;
    private LedgerMeters meters;
    /**
     * Where {@link io.payments.processor.ProcessorService} puts the dead-letter topic's
     * max.message.bytes, read from the broker at start.
     */
    public static final String TOPIC_MAX_MESSAGE_BYTES = "payments.dead.letters.max.message.bytes";

    /** The smallest max.message.bytes a dead-letter topic may have: room for the reason, the origin and some of the record. */
    static final int MIN_TOPIC_MAX_MESSAGE_BYTES = 64 * 1_024;

    /**
     * The largest dead letter sent: the producer's max.request.size or the topic's max.message.bytes,
     * whichever is smaller, less the framing around one record.
     */
    private int maxRecordBytes;

    /**
     * @throws IllegalStateException when the dead-letter topic takes records too small for a dead
     *         letter's own headers; the message gives the command that raises the limit
     */
    public static void requireRoom(String topic, int maxMessageBytes, String bootstrapServers) {
        if (maxMessageBytes < MIN_TOPIC_MAX_MESSAGE_BYTES) {
            throw new IllegalStateException("Topic " + topic + " takes records of at most " + maxMessageBytes
                    + " bytes (max.message.bytes), too few for a dead letter's reason and origin; raise it to at least "
                    + MIN_TOPIC_MAX_MESSAGE_BYTES + ": kafka-configs.sh --bootstrap-server " + bootstrapServers
                    + " --alter --entity-type topics --entity-name " + topic
                    + " --add-config max.message.bytes=1048588");
        }
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null) {
            throw new IllegalArgumentException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " must be set");
        }
        deadLetterTopic = topic.toString();
        meters = configs.get(LedgerMeters.CONFIG_KEY) instanceof LedgerMeters given ? given : null;
        Object maxRequest = configs.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (maxRequest == null) {
            maxRequest = configs.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        int limit = maxRequest == null ? 1_048_576 : Integer.parseInt(maxRequest.toString());
        if (configs.get(TOPIC_MAX_MESSAGE_BYTES) != null) {
            limit = Math.min(limit, Integer.parseInt(configs.get(TOPIC_MAX_MESSAGE_BYTES).toString()));
        }
        maxRecordBytes = limit - REQUEST_FRAMING;
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record, Exception e) {
        if (e instanceof SchemaRegistryException || !(e instanceof SerializationException)) {
            return DeserializationExceptionHandler.Response.fail();
        }
        String reason = e instanceof WireFormatException wire ? wire.failure().name() : DeadLetterReason.UNDECODABLE.name();
        return DeserializationExceptionHandler.Response.resume(List.of(
                deadLetter(context, record.key(), record.value(), reason, e)));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception e) {
        if (!(e instanceof UnprocessableRecordException unprocessable)) {
            return ProcessingExceptionHandler.Response.fail();
        }
        return ProcessingExceptionHandler.Response.resume(List.of(
                deadLetter(context, context.sourceRawKey(), context.sourceRawValue(), unprocessable.reason().name(), e)));
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, byte[] key, byte[] value,
                                                      String reason, Exception e) {
        String detail = String.valueOf(e.getMessage());
        LOG.warn("Dead-lettering {}-{}@{}: {}", context.topic(), context.partition(), context.offset(),
                detail.length() > DeadLetterRecord.MAX_DETAIL_CHARS ? detail.substring(0, DeadLetterRecord.MAX_DETAIL_CHARS)
                        + "…" : detail);
        if (meters != null) {
            meters.deadLetter(reason);
        }
        return DeadLetterRecord.of(deadLetterTopic, key, value, context.headers(), reason, detail, context.topic(),
                context.partition(), context.offset(), maxRecordBytes);
    }

    /**
     * A send that failed after the record was built. Dead letters are cut to the limits read at
     * start, so one fails only when the dead-letter topic's max.message.bytes is lowered while the
     * processor runs: it is counted and logged as an alert and Kafka Streams is told to go on, but
     * an exactly-once producer aborts its transaction on any failed send, so the task goes back to
     * its last commit and meets the record again until the processor is restarted (and reads the
     * new limit). A failed send to any other topic (a credit leg, a ledger entry, a result, a
     * changelog) fails the task, since going on would debit money that is never credited, or lose
     * what a store remembers.
     */
    @Override
    public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                                           Exception e) {
        if (deadLetterTopic.equals(record.topic())) {
            LOG.error("A dead letter for {}-{}@{} could not be written ({}); it is left out, the original stays at its "
                    + "offset", context.topic(), context.partition(), context.offset(), e.getMessage());
            if (meters != null) {
                meters.deadLetterDropped();
            }
            return ProductionExceptionHandler.Response.resume();
        }
        return ProductionExceptionHandler.Response.fail();
    }

    @Override
    public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context,
            ProducerRecord record, Exception e, ProductionExceptionHandler.SerializationExceptionOrigin origin) {
        return ProductionExceptionHandler.Response.fail();
    }
}
