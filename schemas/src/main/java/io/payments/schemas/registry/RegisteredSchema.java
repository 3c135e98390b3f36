package io.payments.schemas.registry;

import org.apache.avro.Schema;

/** One version of a subject: its version number, global id and schema. */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
}
