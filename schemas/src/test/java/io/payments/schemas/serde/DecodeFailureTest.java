package io.payments.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payments.schemas.registry.InMemorySchemaRegistry;
import io.payments.schemas.registry.SchemaRegistryClient;
import io.payments.schemas.registry.SchemaRegistryException;
import io.payments.schemas.topics.PaymentTopic;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class DecodeFailureTest {

    private static final String TOPIC = "payments.commands";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroSerde<SpecificRecord> serde = new PaymentSerdes(registry, true).forTopic(PaymentTopic.COMMANDS);
    private final Deserializer<SpecificRecord> deserializer = serde.deserializer();
    private final byte[] valid = serde.serializer().serialize(TOPIC, SampleRecords.transferRequest());

    @Test
    void emptyValue() {
        assertFailure(new byte[0], DecodeFailure.EMPTY_PAYLOAD, "the value is empty");
    }

    @Test
    void wrongMagicByte() {
        byte[] bytes = valid.clone();
        bytes[0] = 1;
        assertFailure(bytes, DecodeFailure.WRONG_MAGIC_BYTE, "byte 0 is 0x01");
    }

    @Test
    void plainJsonIsNotTheWireFormat() {
        assertFailure("{\"amount\": 1}".getBytes(), DecodeFailure.WRONG_MAGIC_BYTE, "byte 0 is 0x7b");
    }

    @Test
    void headerCutShort() {
        assertFailure(new byte[] {0, 0, 0}, DecodeFailure.TRUNCATED_PAYLOAD, "3 bytes, too few for the 5-byte header");
    }

    @Test
    void unknownSchemaId() {
        byte[] bytes = valid.clone();
        bytes[4] = 99;
        assertFailure(bytes, DecodeFailure.UNKNOWN_SCHEMA_ID, "no schema with id 99");
    }

    @Test
    void bodyCutShort() {
        assertFailure(Arrays.copyOf(valid, valid.length - 4), DecodeFailure.TRUNCATED_PAYLOAD,
                "ends before the record of schema id 1 is complete");
    }

    @Test
    void bytesLeftOverAfterTheRecord() {
        byte[] bytes = Arrays.copyOf(valid, valid.length + 2);
        assertFailure(bytes, DecodeFailure.MALFORMED_PAYLOAD, "bytes are left over");
    }

    @Test
    void unionBranchOutOfRange() {
        byte[] bytes = valid.clone();
        bytes[5] = 0x14; // branch 10 of a union of five
        assertFailure(bytes, DecodeFailure.MALFORMED_PAYLOAD, "does not decode with schema id 1");
    }

    @Test
    void hugeLengthPrefixDoesNotExhaustTheHeap() {
        // transferId claims to be 1 GiB long; Avro would allocate that much before noticing the body is 5 bytes.
        byte[] bytes = {0, 0, 0, 0, 1, 0x02, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
        assertFailure(bytes, DecodeFailure.MALFORMED_PAYLOAD, "String length 1073741824 exceeds maximum allowed");
    }

    @Test
    void aStringThatIsNotUtf8IsRefusedAndNamed() {
        byte[] bytes = serde.serializer().serialize(TOPIC, new io.payments.avro.TransferRequest("tx-X", "alice", "bob", 5L,
                "EUR", 0L, java.util.Map.of("ref", "inv-Y")));
        byte[] badId = bytes.clone();
        badId[indexOf(bytes, "tx-X") + 3] = (byte) 0xFF;
        assertFailure(badId, DecodeFailure.INVALID_UTF8,
                "TransferRequest.transferId of schema id 1 is not valid UTF-8: 4 bytes (74 78 2D FF)");
        byte[] badMetadata = bytes.clone();
        badMetadata[indexOf(bytes, "inv-Y") + 4] = (byte) 0xC0;
        assertFailure(badMetadata, DecodeFailure.INVALID_UTF8, "TransferRequest.metadata[\"ref\"] of schema id 1");
        byte[] badKey = bytes.clone();
        badKey[indexOf(bytes, "ref")] = (byte) 0xFE;
        assertFailure(badKey, DecodeFailure.INVALID_UTF8, "TransferRequest.metadata (a key) of schema id 1");
    }

    @Test
    void aWritersBytesPromotedToAStringAreCheckedToo() throws IOException {
        // Avro promotes a writer's bytes to a reader's string without checking them: a registered schema
        // that declares transferId as bytes must not get invalid UTF-8 past the check.
        Schema bytesId = new Schema.Parser().parse(io.payments.avro.TransferRequest.getClassSchema().toString()
                .replaceFirst("\"name\":\"transferId\",\"type\":\\{\"type\":\"string\",\"avro.java.string\":\"String\"\\}",
                        "\"name\":\"transferId\",\"type\":\"bytes\""));
        assertThat(bytesId.getField("transferId").schema().getType()).isEqualTo(Schema.Type.BYTES);
        int id = registry.register("bytes-writer-value", bytesId);
        GenericData.Record record = new GenericData.Record(bytesId);
        record.put("transferId", java.nio.ByteBuffer.wrap(new byte[] {0x74, 0x78, 0x2D, (byte) 0xFF}));
        record.put("sourceAccountId", "alice");
        record.put("destinationAccountId", "bob");
        record.put("amountMinor", 5L);
        record.put("currency", "EUR");
        record.put("requestedAt", 0L);
        assertFailure(AvroSerdeTest.wireFormat(id, bytesId, record), DecodeFailure.INVALID_UTF8,
                "TransferRequest.transferId of schema id " + id);
    }

    private static int indexOf(byte[] bytes, String text) {
        byte[] needle = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError(text + " not found");
    }

    @Test
    void writerSchemaThatCannotBeReadAsTheTopicsSchema() throws IOException {
        Schema other = new Schema.Parser().parse(
                "{\"type\": \"record\", \"name\": \"Refund\", \"namespace\": \"elsewhere\","
                        + " \"fields\": [{\"name\": \"x\", \"type\": \"int\"}]}");
        int id = registry.register("elsewhere-value", other);
        GenericData.Record record = new GenericData.Record(other);
        record.put("x", 1);
        assertFailure(AvroSerdeTest.wireFormat(id, other, record), DecodeFailure.SCHEMA_MISMATCH,
                "schema id " + id + " (elsewhere.Refund) cannot be read as the values of topic payments.commands");
    }

    @Test
    void anUnreachableRegistryIsNotABadRecord() {
        SchemaRegistryClient unreachable = new io.payments.schemas.registry.HttpSchemaRegistryClient(
                "http://127.0.0.1:1", java.time.Duration.ofSeconds(2));
        AvroDeserializer<SpecificRecord> reader = new AvroDeserializer<>(unreachable, PaymentTopic.COMMANDS.valueSchema());

        assertThatThrownBy(() -> reader.deserialize(TOPIC, valid))
                .isInstanceOf(SchemaRegistryException.class)
                .isNotInstanceOf(WireFormatException.class)
                .hasMessageContaining("unreachable");
    }

    private void assertFailure(byte[] bytes, DecodeFailure failure, String message) {
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.failure()).isEqualTo(failure))
                .hasMessageContaining(message);
    }

}
