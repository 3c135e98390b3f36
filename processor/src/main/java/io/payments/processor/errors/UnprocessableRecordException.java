package io.payments.processor.errors;

/**
 * A record that decoded but cannot be processed (a null value, a record type the topic should
 * not carry). Thrown before any state is touched; {@link DeadLetterHandler} sends the record's
 * original bytes to the dead-letter topic and processing continues.
 */
public class UnprocessableRecordException extends RuntimeException {

    private final String reason;

    public UnprocessableRecordException(String reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
