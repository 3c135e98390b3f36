package io.payments.schemas.topics;

/**
 * Headers of a record on payments.dead-letters: why it could not be processed, where it came from
 * (topic, partition, offset: the original stays there), and the original's size and SHA-256,
 * since a dead letter keeps the original's bytes only as far as they fit.
 */
public final class DeadLetterHeaders {

    /** A {@code DecodeFailure} name (e.g. WRONG_MAGIC_BYTE) or NULL_VALUE / UNPROCESSABLE. */
    public static final String REASON = "dlq.reason";
    public static final String DETAIL = "dlq.detail";
    public static final String TOPIC = "dlq.topic";
    public static final String PARTITION = "dlq.partition";
    public static final String OFFSET = "dlq.offset";
    /** Size in bytes and SHA-256 (hex) of the original value, key and copied headers: the dead letter may hold them cut. */
    public static final String VALUE_SIZE = "dlq.value.size";
    public static final String VALUE_SHA256 = "dlq.value.sha256";
    public static final String KEY_SIZE = "dlq.key.size";
    public static final String KEY_SHA256 = "dlq.key.sha256";
    /** Present when the original record's headers were left out for size: how many, and the SHA-256 of their keys and values. */
    public static final String HEADERS_DROPPED = "dlq.headers.dropped";
    public static final String HEADERS_SHA256 = "dlq.headers.sha256";

    private DeadLetterHeaders() {
    }
}
