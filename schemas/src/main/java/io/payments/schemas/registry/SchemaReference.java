package io.payments.schemas.registry;

/**
 * A named type a schema takes from another subject, as Confluent's registry records it
 * ({@code {"name", "subject", "version"}}): for Avro, {@code name} is the full name of the type
 * the schema's text uses, and version {@code version} of {@code subject} defines it.
 */
public record SchemaReference(String name, String subject, int version) {
}
