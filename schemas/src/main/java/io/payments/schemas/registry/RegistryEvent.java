package io.payments.schemas.registry;

/** A change to a registry's state; a durable registry writes each one to its journal before applying it. */
public sealed interface RegistryEvent {

    /** A schema became version {@code version} of {@code subject} with global id {@code id}. */
    record SchemaRegistered(String subject, int version, int id, SchemaDefinition definition) implements RegistryEvent {
    }

    /** The compatibility level of {@code subject} (or the global one when subject is null) changed. */
    record CompatibilityChanged(String subject, CompatibilityLevel level) implements RegistryEvent {
    }
}
