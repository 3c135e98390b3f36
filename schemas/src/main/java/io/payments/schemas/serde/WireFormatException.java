package io.payments.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a readable Confluent wire-format Avro record. Thrown for bad data only:
 * a registry that cannot be reached raises {@link io.payments.schemas.registry.SchemaRegistryException}
 * instead, so that a transient outage is retried rather than dead-lettered.
 */
public class WireFormatException extends SerializationException {

    private final DecodeFailure failure;

    public WireFormatException(DecodeFailure failure, String message) {
        this(failure, message, null);
    }

    public WireFormatException(DecodeFailure failure, String message, Throwable cause) {
        super(failure + ": " + message, cause);
        this.failure = failure;
    }

    public DecodeFailure failure() {
        return failure;
    }
}
