package io.payments.schemas.serde;

import io.payments.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes records in the Confluent wire format with one schema per topic: the topic's value
 * schema (a record, or a union of the record types the topic carries), registered under the
 * topic's subject ({@code <topic>-value}, TopicNameStrategy) or, with auto-registration off,
 * looked up there, as other languages' clients would write it ({@link PortableSchema}). Ids are
 * resolved once per topic.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    static {
        AvroSettings.apply();
    }

    private static final byte[] HEADER_PLACEHOLDER = new byte[ConfluentWireFormat.HEADER_SIZE];
    /** Serializers run on many threads (producer callers, stream threads): each reuses its own buffer. */
    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    private final SchemaRegistryClient registry;
    /** What is registered or looked up: the schema without Java-only properties, so other languages' clients find it. */
    private final Schema registeredSchema;
    private final boolean autoRegister;
    private final boolean forKeys;
    private final Set<String> writableTypes;
    /** The generated classes' own schema objects: an identity check, cheaper than comparing names per record. */
    private final Set<Schema> writableSchemas = Collections.newSetFromMap(new IdentityHashMap<>());
    private final DatumWriter<T> writer;
    private final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();

    public AvroSerializer(SchemaRegistryClient registry, Schema schema, boolean autoRegister, boolean forKeys) {
        this.registry = registry;
        this.registeredSchema = PortableSchema.of(schema);
        this.autoRegister = autoRegister;
        this.forKeys = forKeys;
        this.writableTypes = recordTypes(schema);
        this.writableSchemas.addAll(schema.getType() == Schema.Type.UNION ? schema.getTypes() : List.of(schema));
        this.writer = new SpecificDatumWriter<>(schema, AvroSettings.model());
    }

    public AvroSerializer(SchemaRegistryClient registry, Schema schema) {
        this(registry, schema, true, false);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (!writableSchemas.contains(data.getSchema()) && !writableTypes.contains(data.getSchema().getFullName())) {
            throw new SerializationException(data.getSchema().getFullName() + " cannot be written to topic "
                    + topic + ", whose values are " + writableTypes);
        }
        int id = idsByTopic.computeIfAbsent(topic, this::schemaIdFor);
        Buffer buffer = BUFFERS.get();
        buffer.out.reset();
        buffer.out.write(HEADER_PLACEHOLDER, 0, ConfluentWireFormat.HEADER_SIZE);
        // A buffered encoder: the direct one writes to the stream byte by byte.
        buffer.encoder = EncoderFactory.get().binaryEncoder(buffer.out, buffer.encoder);
        try {
            writer.write(data, buffer.encoder);
            buffer.encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new SerializationException("Cannot write " + data.getSchema().getFullName()
                    + " for topic " + topic + ": " + e.getMessage(), e);
        }
        byte[] bytes = buffer.out.toByteArray();
        ConfluentWireFormat.writeHeader(bytes, id);
        return bytes;
    }

    private int schemaIdFor(String topic) {
        String subject = forKeys ? SchemaRegistryClient.keySubject(topic) : SchemaRegistryClient.valueSubject(topic);
        return autoRegister ? registry.register(subject, registeredSchema) : registry.lookup(subject, registeredSchema).id();
    }

    private static final class Buffer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        private BinaryEncoder encoder;
    }

    static Set<String> recordTypes(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().map(Schema::getFullName).collect(Collectors.toUnmodifiableSet());
        }
        return Set.of(schema.getFullName());
    }
}
