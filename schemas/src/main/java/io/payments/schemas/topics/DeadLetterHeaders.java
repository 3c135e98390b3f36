package io.payments.schemas.topics;

/** Headers of a record on payments.dead-letters: why it could not be processed, and where it came from. */
public final class DeadLetterHeaders {

    /** A {@code DecodeFailure} name (e.g. WRONG_MAGIC_BYTE) or NULL_VALUE / UNPROCESSABLE. */
    public static final String REASON = "dlq.reason";
    public static final String DETAIL = "dlq.detail";
    public static final String TOPIC = "dlq.topic";
    public static final String PARTITION = "dlq.partition";
    public static final String OFFSET = "dlq.offset";

    private DeadLetterHeaders() {
    }
}
