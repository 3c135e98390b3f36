package io.payments.sink.consumer;

/**
 * The sink stopped on a failure no record should cause (a bug or a broken invariant of the
 * projection): going on could record money wrongly. The message is one line for the operator.
 */
public class SinkStoppedException extends RuntimeException {

    public SinkStoppedException(String message, Throwable cause) {
        super(message, cause);
    }
}
