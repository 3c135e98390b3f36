package io.payments.producer.client;

import java.time.Duration;

/**
 * No result arrived in time. The request may still be applied: submit it again with the same
 * transfer id to learn its outcome; it cannot move money twice.
 */
public class OutcomeTimeoutException extends RuntimeException {

    public OutcomeTimeoutException(String sourceAccountId, String transferId, Duration waited) {
        super("No result for transfer " + transferId + " from " + sourceAccountId + " within " + waited.toMillis()
                + " ms; it may still be applied: submit it again with the same transfer id to learn its outcome");
    }
}
