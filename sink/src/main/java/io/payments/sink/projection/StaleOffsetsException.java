package io.payments.sink.projection;

/**
 * The offsets in PostgreSQL are not where this sink left them: another instance took over the
 * partitions and wrote since. Nothing of the batch was committed.
 */
public class StaleOffsetsException extends RuntimeException {

    public StaleOffsetsException(String message) {
        super(message);
    }
}
