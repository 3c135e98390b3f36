package io.payments.schemas.serde;

import io.payments.schemas.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/** Serializer and deserializer of one schema in the Confluent wire format. */
public final class AvroSerde<T extends SpecificRecord> extends Serdes.WrapperSerde<T> {

    public AvroSerde(SchemaRegistryClient registry, Schema schema, boolean autoRegister) {
        this(new AvroSerializer<>(registry, schema, autoRegister, false), new AvroDeserializer<>(registry, schema));
    }

    AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer) {
        super(serializer, deserializer);
    }

    public AvroSerde(SchemaRegistryClient registry, Schema schema) {
        this(registry, schema, true);
    }
}
