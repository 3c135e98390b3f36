package io.payments.schemas.serde;

import io.payments.schemas.registry.SchemaRegistryClient;
import io.payments.schemas.registry.SchemaRegistryException;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format records into the generated classes of a topic's schema. The
 * writer's schema is fetched by the id in the header and resolved against the topic's schema
 * by Avro's rules, record by record: older compatible writers, a writer of one record of a union
 * topic, and a newer writer whose records stay in what this reader knows are read; a record that
 * takes a union branch, enum symbol or field this reader cannot read is {@code SCHEMA_MISMATCH}. Strings are decoded strictly ({@link StrictUtf8}): invalid UTF-8 is refused, never
 * replaced. Every way the bytes can be wrong raises a {@link WireFormatException} saying which.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    static {
        AvroSettings.apply();
    }

    /** Each thread reuses one decoder (and its buffer) for every record it reads. */
    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();
    private static final ThreadLocal<StrictUtf8Decoder> STRICT_DECODERS = ThreadLocal.withInitial(StrictUtf8Decoder::new);

    private final SchemaRegistryClient registry;
    private final Schema readerSchema;
    private final Map<Integer, DatumReader<T>> readersBySchemaId = new ConcurrentHashMap<>();

    public AvroDeserializer(SchemaRegistryClient registry, Schema readerSchema) {
        this.registry = registry;
        this.readerSchema = readerSchema;
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        int schemaId = ConfluentWireFormat.schemaId(bytes);
        DatumReader<T> reader = readersBySchemaId.get(schemaId);
        if (reader == null) {
            reader = new SpecificDatumReader<>(writerSchema(schemaId), readerSchema, AvroSettings.model());
            readersBySchemaId.put(schemaId, reader);
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
                bytes, ConfluentWireFormat.HEADER_SIZE, bytes.length - ConfluentWireFormat.HEADER_SIZE, DECODERS.get());
        DECODERS.set(decoder);
        T value;
        try {
            value = reader.read(null, STRICT_DECODERS.get().wrap(decoder));
        } catch (StrictUtf8.InvalidUtf8Exception e) {
            String field = InvalidUtf8Locator.locate(writerSchema(schemaId), bytes, ConfluentWireFormat.HEADER_SIZE);
            throw new WireFormatException(DecodeFailure.INVALID_UTF8, (field == null ? "a string" : field)
                    + " of schema id " + schemaId + " is " + e.getMessage(), e);
        } catch (AvroTypeException e) {
            if (!isResolutionError(e)) {
                throw new WireFormatException(DecodeFailure.MALFORMED_PAYLOAD, "the Avro body does not decode with schema id "
                        + schemaId + ": " + e.getMessage(), e);
            }
            // Resolution is per record: a writer schema this reader can read in part is read where
            // the record stays in that part (Avro builds the error into the resolution, and meets it
            // only when a record takes that union branch, enum symbol or field).
            Schema writer = writerSchema(schemaId);
            throw new WireFormatException(DecodeFailure.SCHEMA_MISMATCH, "schema id " + schemaId + " ("
                    + writer.getFullName() + ") cannot be read as the values of topic " + topic + " ("
                    + AvroSerializer.recordTypes(readerSchema) + ") for this record: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new WireFormatException(DecodeFailure.TRUNCATED_PAYLOAD, "the Avro body of " + bytes.length
                    + " bytes ends before the record of schema id " + schemaId + " is complete", e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException
                 | ClassCastException | UnsupportedOperationException e) {
            throw new WireFormatException(DecodeFailure.MALFORMED_PAYLOAD, "the Avro body does not decode with schema id "
                    + schemaId + ": " + e.getMessage(), e);
        }
        try {
            if (!decoder.isEnd()) {
                throw new WireFormatException(DecodeFailure.MALFORMED_PAYLOAD,
                        "bytes are left over after the record of schema id " + schemaId);
            }
        } catch (IOException e) {
            throw new WireFormatException(DecodeFailure.MALFORMED_PAYLOAD, e.getMessage(), e);
        }
        return value;
    }

    /**
     * Whether Avro refused the record for what the writer's schema says (a union branch, an enum
     * symbol, a required field the reader has no match for: {@code Resolver.ErrorAction} and the
     * enum adjustments, Avro 1.12) rather than for bytes that contradict the writer's own schema
     * (a union index or enum ordinal out of its range), which are malformed.
     */
    private static boolean isResolutionError(AvroTypeException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith("Found ") || message.startsWith("No match for ");
    }

    /**
     * The writer's schema by its id. A registry that cannot answer now (unreachable, 5xx, 429,
     * 401, 403, a 404 not its own) raises its {@link SchemaRegistryException}, for the caller to
     * retry; an id it answers it does not have (40403), or a schema it has but that cannot be used
     * here (not Avro, not parseable, a missing reference), is the record's own fault.
     */
    private Schema writerSchema(int schemaId) {
        try {
            return registry.schemaById(schemaId);
        } catch (SchemaRegistryException e) {
            if (e.isTransient()) {
                throw e;
            }
            if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
                throw new WireFormatException(DecodeFailure.UNKNOWN_SCHEMA_ID,
                        "the schema registry has no schema with id " + schemaId, e);
            }
            throw new WireFormatException(DecodeFailure.UNREADABLE_SCHEMA, "schema id " + schemaId
                    + " cannot be used to read Avro: " + e.getMessage(), e);
        }
    }
}
