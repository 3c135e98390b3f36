package io.payments.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/** The operations of the Confluent Schema Registry REST API that the pipeline uses, for Avro schemas and their references. */
public interface SchemaRegistryClient {

    /** Registers the schema under the subject (or finds it already there) and returns its global id. */
    default int register(String subject, Schema schema) {
        return register(subject, schema, List.of());
    }

    /**
     * Registers a schema whose types named by the references are taken from those subjects' versions
     * (the schema is given whole; they are written by name only) and returns its global id.
     */
    int register(String subject, Schema schema, List<SchemaReference> references);

    /** Id of a schema already registered under the subject; throws {@link SchemaRegistryException} if absent. */
    default RegisteredSchema lookup(String subject, Schema schema) {
        return lookup(subject, schema, List.of());
    }

    /** Like {@link #lookup(String, Schema)}, for a schema registered with these references. */
    RegisteredSchema lookup(String subject, Schema schema, List<SchemaReference> references);

    /**
     * Schema with the given global id, parsed whole with the schemas it references; throws
     * {@link SchemaRegistryException} 40403 if unknown, 42201 if it is not a schema this client can
     * use (unparseable, a missing reference, or another type than Avro).
     */
    Schema schemaById(int id);

    /** Ids of the schemas that reference the version of the subject, in ascending order. */
    List<Integer> referencedBy(String subject, int version);

    List<String> subjects();

    List<Integer> versions(String subject);

    RegisteredSchema version(String subject, int version);

    RegisteredSchema latest(String subject);

    /** Whether the schema may be registered under the subject, by the subject's compatibility level. */
    boolean isCompatible(String subject, Schema schema);

    /** Compatibility level of the subject, or the global level when subject is null. */
    CompatibilityLevel compatibility(String subject);

    /** Sets the level of the subject, or the global level when subject is null. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** Subject of a topic's record values under Confluent's TopicNameStrategy. */
    static String valueSubject(String topic) {
        return topic + "-value";
    }

    /** Subject of a topic's record keys under Confluent's TopicNameStrategy. */
    static String keySubject(String topic) {
        return topic + "-key";
    }
}
