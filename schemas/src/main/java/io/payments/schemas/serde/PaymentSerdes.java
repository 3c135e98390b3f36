package io.payments.schemas.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payments.schemas.registry.SchemaRegistryClient;
import io.payments.schemas.topics.PaymentTopic;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;

/** The key serde every topic shares, and the value serde of each topic, all sharing one registry client. */
public final class PaymentSerdes {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    /**
     * Serde for a topic's values; T is the record class, or SpecificRecord for topics of several
     * types. Values of payments.commands, which upstreams write, are read without the enums'
     * default symbols: a symbol this release does not know is the record's own fault (a dead
     * letter saying so), never read as UNKNOWN and acted on.
     */
    public <T extends SpecificRecord> AvroSerde<T> forTopic(PaymentTopic topic) {
        if (topic.valueSchema() == null) {
            throw new IllegalArgumentException(topic + " carries raw bytes, not Avro records");
        }
        Schema reader = topic == PaymentTopic.COMMANDS ? withoutEnumDefaults(topic.valueSchema()) : topic.valueSchema();
        return new AvroSerde<>(new AvroSerializer<>(registry, topic.valueSchema(), autoRegister, false),
                new AvroDeserializer<>(registry, reader));
    }

    /**
     * The schema with every enum's default symbol removed (Avro 1.9+ enum defaults), for a reader
     * that must refuse a symbol it does not know rather than read it as the default.
     */
    public static Schema withoutEnumDefaults(Schema schema) {
        try {
            JsonNode json = JSON.readTree(schema.toString());
            removeEnumDefaults(json);
            return new Schema.Parser().parse(JSON.writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot rewrite the schema " + schema.getFullName(), e);
        }
    }

    private static void removeEnumDefaults(JsonNode node) {
        if (node instanceof ObjectNode object && "enum".equals(object.path("type").asText())) {
            object.remove("default");
        }
        node.forEach(PaymentSerdes::removeEnumDefaults);
    }

    /** Serde for records of one schema outside the topics, such as a processor's state store values. */
    public <T extends SpecificRecord> AvroSerde<T> forSchema(Schema schema) {
        return new AvroSerde<>(registry, schema, autoRegister);
    }
}
