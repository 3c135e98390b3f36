package io.payments.processor.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.schemas.topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

class DeadLetterRecordTest {

    private static final int LIMIT = 1_048_576 - 1_024;

    @Test
    void aSmallRecordIsKeptWholeWithItsHeadersAndOurs() {
        Headers original = new RecordHeaders().add("trace-id", utf8("abc"));
        ProducerRecord<byte[], byte[]> letter = letter(utf8("alice"), new byte[] {0, 0, 0, 0, 1, 2}, original);

        assertThat(letter.key()).isEqualTo(utf8("alice"));
        assertThat(letter.value()).containsExactly(0, 0, 0, 0, 1, 2);
        assertThat(header(letter, "trace-id")).isEqualTo("abc");
        assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("MALFORMED_PAYLOAD");
        assertThat(header(letter, DeadLetterHeaders.VALUE_SIZE)).isEqualTo("6");
        assertThat(header(letter, DeadLetterHeaders.HEADERS_DROPPED)).isNull();
        assertThat(lastHeaderKey(letter)).as("ours come last, so a reader's lastHeader finds them").startsWith("dlq.");
    }

    @Test
    void aValueTooLargeForItsDeadLetterIsCutAndItsSizeAndHashKept() {
        byte[] value = new byte[1_048_400];
        Arrays.fill(value, (byte) 7);
        Headers original = new RecordHeaders().add("h", new byte[200]);
        ProducerRecord<byte[], byte[]> letter = letter(utf8("alice"), value, original);

        assertThat(size(letter)).isLessThanOrEqualTo(LIMIT);
        assertThat(letter.value().length).isLessThan(value.length).isGreaterThan(1_040_000);
        assertThat(letter.key()).isEqualTo(utf8("alice"));
        assertThat(header(letter, "h")).as("the original headers fit beside the cut value").isNotNull();
        assertThat(header(letter, DeadLetterHeaders.VALUE_SIZE)).isEqualTo("1048400");
        assertThat(header(letter, DeadLetterHeaders.VALUE_SHA256)).isEqualTo(DeadLetterRecord.sha256(value));
    }

    @Test
    void whenTheHeadersAloneDoNotFitTheyAreLeftOutCountedAndHashed() {
        Headers original = new RecordHeaders();
        for (int i = 0; i < 11; i++) {
            original.add("big-" + i, new byte[100_000]);
        }
        byte[] key = new byte[5_000];
        ProducerRecord<byte[], byte[]> letter = letter(key, new byte[10], original);

        assertThat(size(letter)).isLessThanOrEqualTo(LIMIT);
        assertThat(header(letter, DeadLetterHeaders.HEADERS_DROPPED)).isEqualTo("11");
        assertThat(header(letter, DeadLetterHeaders.HEADERS_SHA256)).hasSize(64);
        assertThat(letter.headers().lastHeader("big-0")).isNull();
        assertThat(letter.key()).hasSize(5_000);
        assertThat(letter.value()).hasSize(10);
    }

    @Test
    void aKeyTooLargeIsCutAfterTheValue() {
        ProducerRecord<byte[], byte[]> letter = letter(new byte[2_000_000], new byte[2_000_000], new RecordHeaders());

        assertThat(size(letter)).isLessThanOrEqualTo(LIMIT);
        assertThat(letter.value()).isEmpty();
        assertThat(letter.key().length).isGreaterThan(1_000_000);
        assertThat(header(letter, DeadLetterHeaders.KEY_SIZE)).isEqualTo("2000000");
    }

    @Test
    void theKeyIsCutBeforeTheOriginalHeadersAreLeftOut() {
        Headers original = new RecordHeaders().add("trace-id", new byte[300_000]);
        ProducerRecord<byte[], byte[]> letter = letter(new byte[900_000], new byte[10], original);

        assertThat(size(letter)).isLessThanOrEqualTo(LIMIT);
        assertThat(letter.value()).isEmpty();
        assertThat(letter.key().length).isLessThan(900_000).isGreaterThan(700_000);
        assertThat(letter.headers().lastHeader("trace-id")).isNotNull();
        assertThat(header(letter, DeadLetterHeaders.HEADERS_DROPPED)).isNull();
    }

    private static ProducerRecord<byte[], byte[]> letter(byte[] key, byte[] value, Headers original) {
        return DeadLetterRecord.of("payments.dead-letters", key, value, original, "MALFORMED_PAYLOAD",
                "x".repeat(5_000), "payments.commands", 3, 42L, LIMIT);
    }

    /** What Kafka's producer checks against max.request.size for the record (its own estimate, an internal class). */
    private static int size(ProducerRecord<byte[], byte[]> record) {
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                record.key(), record.value(), record.headers().toArray());
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String lastHeaderKey(ProducerRecord<byte[], byte[]> record) {
        Header[] all = record.headers().toArray();
        return all[all.length - 1].key();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
