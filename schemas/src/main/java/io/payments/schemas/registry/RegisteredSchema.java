package io.payments.schemas.registry;

import org.apache.avro.Schema;

/**
 * One version of a subject: its version number, global id, the schema parsed whole (its
 * references' types included) and its definition as the registry stores it.
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema, SchemaDefinition definition) {
}
