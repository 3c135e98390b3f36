package io.payments.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/** The operations of the Confluent Schema Registry REST API that the pipeline uses, for Avro schemas. */
public interface SchemaRegistryClient {

    /** Registers the schema under the subject (or finds it already there) and returns its global id. */
    int register(String subject, Schema schema);

    /** Id of a schema already registered under the subject; throws {@link SchemaRegistryException} if absent. */
    RegisteredSchema lookup(String subject, Schema schema);

    /** Schema with the given global id; throws {@link SchemaRegistryException} (40403) if unknown. */
    Schema schemaById(int id);

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
