package io.payments.processor.errors;

import io.payments.processor.metrics.LedgerMeters;
import io.payments.schemas.registry.SchemaRegistryException;
import io.payments.schemas.serde.WireFormatException;
import io.payments.schemas.topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
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
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

    private String deadLetterTopic;
    private LedgerMeters meters;

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null) {
            throw new IllegalArgumentException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " must be set");
        }
        deadLetterTopic = topic.toString();
        meters = configs.get(LedgerMeters.CONFIG_KEY) instanceof LedgerMeters given ? given : null;
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record, Exception e) {
        if (e instanceof SchemaRegistryException || !(e instanceof SerializationException)) {
            return DeserializationExceptionHandler.Response.fail();
        }
        String reason = e instanceof WireFormatException wire ? wire.failure().name() : "UNDECODABLE";
        return DeserializationExceptionHandler.Response.resume(List.of(
                deadLetter(context, record.key(), record.value(), reason, e)));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception e) {
        if (!(e instanceof UnprocessableRecordException unprocessable)) {
            return ProcessingExceptionHandler.Response.fail();
        }
        return ProcessingExceptionHandler.Response.resume(List.of(
                deadLetter(context, context.sourceRawKey(), context.sourceRawValue(), unprocessable.reason(), e)));
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, byte[] key, byte[] value,
                                                      String reason, Exception e) {
        LOG.warn("Dead-lettering {}-{}@{}: {}", context.topic(), context.partition(), context.offset(), e.getMessage());
        if (meters != null) {
            meters.deadLetter(reason);
        }
        Headers headers = new RecordHeaders(context.headers().toArray());
        headers.add(DeadLetterHeaders.REASON, utf8(reason));
        headers.add(DeadLetterHeaders.DETAIL, utf8(String.valueOf(e.getMessage())));
        headers.add(DeadLetterHeaders.TOPIC, utf8(context.topic()));
        headers.add(DeadLetterHeaders.PARTITION, utf8(Integer.toString(context.partition())));
        headers.add(DeadLetterHeaders.OFFSET, utf8(Long.toString(context.offset())));
        return new ProducerRecord<>(deadLetterTopic, null, key, value, headers);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
