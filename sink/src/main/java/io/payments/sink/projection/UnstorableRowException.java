package io.payments.sink.projection;

/**
 * A record whose row the projection's constraints would refuse, found before writing: the
 * record's own fault (its partition stops there), not a CHECK violation that would read as a bug.
 */
public final class UnstorableRowException extends IllegalArgumentException {

    public UnstorableRowException(String message) {
        super(message);
    }
}
