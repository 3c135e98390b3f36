package io.payments.schemas.serde;

/** What is wrong with bytes that could not be decoded; the name is the reason on a dead-letter record. */
public enum DecodeFailure {
    /** The value has no bytes at all. */
    EMPTY_PAYLOAD,
    /** Fewer than the 5 header bytes (magic byte and schema id), or the Avro body ends early. */
    TRUNCATED_PAYLOAD,
    /** Byte 0 is not the Confluent wire format's magic byte 0. */
    WRONG_MAGIC_BYTE,
    /** The registry does not know the schema id in bytes 1-4. */
    UNKNOWN_SCHEMA_ID,
    /**
     * The record cannot be read as this topic's schema (Avro resolution rules): its writer's
     * schema is another topic's, or the record takes a union branch, an enum symbol or a field
     * without default that the reader does not know.
     */
    SCHEMA_MISMATCH,
    /** The registry has the schema id, but its schema cannot be used to read Avro: another schema type, or not parseable. */
    UNREADABLE_SCHEMA,
    /** The Avro body does not decode with the writer's schema, or bytes are left over after it. */
    MALFORMED_PAYLOAD,
    /**
     * A string in the Avro body, or the record key, is not well-formed UTF-8. Refused rather than
     * decoded with U+FFFD in place of the bad bytes, which would let two different ids read as one.
     */
    INVALID_UTF8
}
