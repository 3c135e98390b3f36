package io.payments.processor.errors;

import io.payments.schemas.topics.DeadLetterReason;

/**
 * A record that decoded but cannot be processed (a null value, a record type the topic should
 * not carry). Thrown before any state is touched; {@link DeadLetterHandler} sends the record's
 * original bytes to the dead-letter topic and processing continues.
 */
public class UnprocessableRecordException extends RuntimeException {

    private final DeadLetterReason reason;

    public UnprocessableRecordException(DeadLetterReason reason, String message) {
        super(reason.name() + ": " + message);
        this.reason = reason;
    }

    /** The dead letter's reason header. */
    public DeadLetterReason reason() {
        return reason;
    }
}
