package io.payments.schemas.serde;

import io.payments.schemas.registry.SchemaRegistryClient;
import io.payments.schemas.topics.PaymentTopic;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;

/** The key serde every topic shares, and the value serde of each topic, all sharing one registry client. */
public final class PaymentSerdes {

    private final SchemaRegistryClient registry;
    private final boolean autoRegister;

    public PaymentSerdes(SchemaRegistryClient registry, boolean autoRegister) {
        this.registry = registry;
        this.autoRegister = autoRegister;
    }

    /** Record keys: account ids, written as UTF-8 and read strictly ({@link StrictStringDeserializer}). */
    public static Serde<String> keys() {
        return Serdes.serdeFrom(new StringSerializer(), new StrictStringDeserializer());
    }

    /** Serde for a topic's values; T is the record class, or SpecificRecord for topics of several types. */
    public <T extends SpecificRecord> AvroSerde<T> forTopic(PaymentTopic topic) {
        if (topic.valueSchema() == null) {
            throw new IllegalArgumentException(topic + " carries raw bytes, not Avro records");
        }
        return forSchema(topic.valueSchema());
    }

    /** Serde for records of one schema outside the topics, such as a processor's state store values. */
    public <T extends SpecificRecord> AvroSerde<T> forSchema(Schema schema) {
        return new AvroSerde<>(registry, schema, autoRegister);
    }
}
