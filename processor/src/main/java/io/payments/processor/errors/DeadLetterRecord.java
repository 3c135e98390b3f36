package io.payments.processor.errors;

import io.payments.schemas.topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds a dead letter that always fits: the original key, value and headers, with the reason
 * and origin, cut to at most {@code maxBytes} as Kafka counts a record. When they do not fit, the
 * value is cut first, then the key, then the original headers are left out (their count and a
 * SHA-256 kept). The original's size and SHA-256 are always there, so the full record can be
 * found, and checked, at its topic, partition and offset.
 */
final class DeadLetterRecord {

    /** Kafka's per-record and per-batch framing, bounded from above (varint lengths, attributes, batch header). */
    private static final int RECORD_OVERHEAD = 128;
    private static final int HEADER_OVERHEAD = 10;
    /** The longest detail kept: a message can quote a whole schema. */
    static final int MAX_DETAIL_CHARS = 2_000;

    private DeadLetterRecord() {
    }

    /**
     * @param maxBytes the most the record may take: the producer's max.request.size less the
     *                 framing of its request, within the topic's max.message.bytes
     */
    static ProducerRecord<byte[], byte[]> of(String deadLetterTopic, byte[] key, byte[] value, Headers original,
                                             String reason, String detail, String topic, int partition, long offset,
                                             int maxBytes) {
        Headers headers = new RecordHeaders();
        add(headers, DeadLetterHeaders.REASON, reason);
        add(headers, DeadLetterHeaders.DETAIL, detail.length() > MAX_DETAIL_CHARS ? detail.substring(0, MAX_DETAIL_CHARS) + "…"
                : detail);
        add(headers, DeadLetterHeaders.TOPIC, topic);
        add(headers, DeadLetterHeaders.PARTITION, Integer.toString(partition));
        add(headers, DeadLetterHeaders.OFFSET, Long.toString(offset));
        if (value != null) {
            add(headers, DeadLetterHeaders.VALUE_SIZE, Integer.toString(value.length));
            add(headers, DeadLetterHeaders.VALUE_SHA256, sha256(value));
        }
        if (key != null) {
            add(headers, DeadLetterHeaders.KEY_SIZE, Integer.toString(key.length));
            add(headers, DeadLetterHeaders.KEY_SHA256, sha256(key));
        }
        Header[] copied = original.toArray();
        int room = maxBytes - RECORD_OVERHEAD - size(headers.toArray()) - size(copied);
        if (room < 0) {
            // Not even the original headers fit without the value and the key: leave them out, keep the rest.
            headers.add(DeadLetterHeaders.HEADERS_DROPPED, utf8(Integer.toString(copied.length)));
            headers.add(DeadLetterHeaders.HEADERS_SHA256, utf8(sha256(copied)));
            room = maxBytes - RECORD_OVERHEAD - size(headers.toArray());
            copied = new Header[0];
        }
        byte[] keptValue = cut(value, Math.max(0, room - length(key)));
        byte[] keptKey = cut(key, Math.max(0, room - length(keptValue)));
        // The original headers first: a reader takes the last header of a name, which must be ours.
        Headers all = new RecordHeaders(copied);
        headers.forEach(all::add);
        return new ProducerRecord<>(deadLetterTopic, null, keptKey, keptValue, all);
    }

    private static byte[] cut(byte[] bytes, int max) {
        return bytes == null || bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static int size(Header[] headers) {
        int size = 0;
        for (Header header : headers) {
            size += HEADER_OVERHEAD + header.key().getBytes(StandardCharsets.UTF_8).length + length(header.value());
        }
        return size;
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, utf8(value));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static String sha256(Header[] headers) {
        MessageDigest digest = digest();
        for (Header header : headers) {
            digest.update(utf8(header.key()));
            digest.update((byte) 0);
            if (header.value() != null) {
                digest.update(header.value());
            }
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
