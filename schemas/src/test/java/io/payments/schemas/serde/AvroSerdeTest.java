package io.payments.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payments.schemas.registry.InMemorySchemaRegistry;
import io.payments.schemas.registry.RegisteredSchema;
import io.payments.schemas.registry.SchemaDefinition;
import io.payments.schemas.registry.SchemaRegistryClient;
import io.payments.schemas.topics.PaymentTopic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {

    /** Written by hand from the Avro spec (zig-zag varints), independently of any serializer. */
    private static final String TRANSFER_REQUEST_BYTES = "0000000001" // magic byte 0, schema id 1
            + "02"                                  // union branch 1: TransferRequest
            + "06742d31"                            // transferId "t-1"
            + "0a6163632d31" + "0a6163632d32"       // source "acc-1", destination "acc-2"
            + "f2c001"                              // amountMinor 12345
            + "06455552"                            // currency "EUR"
            + "80a0abfef962"                        // requestedAt 1700000000000
            + "02" + "02" + "0e696e766f696365" + "043432" + "00"; // metadata {"invoice": "42"}

    private static final Path AVSC = Path.of("src/main/avro");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final PaymentSerdes serdes = new PaymentSerdes(registry, true);

    static Stream<Arguments> everyRecordType() {
        return Stream.of(
                Arguments.of(PaymentTopic.COMMANDS, SampleRecords.transferRequest()),
                Arguments.of(PaymentTopic.COMMANDS, SampleRecords.openAccount()),
                Arguments.of(PaymentTopic.CREDITS, SampleRecords.creditLeg()),
                Arguments.of(PaymentTopic.CREDITS, SampleRecords.refundLeg()),
                Arguments.of(PaymentTopic.CREDITS, SampleRecords.retryProbe()),
                Arguments.of(PaymentTopic.CREDITS, SampleRecords.retryEcho()),
                Arguments.of(PaymentTopic.LEDGER_ENTRIES, SampleRecords.ledgerEntry()),
                Arguments.of(PaymentTopic.TRANSFER_RESULTS, SampleRecords.transferResult()),
                Arguments.of(PaymentTopic.BALANCES, SampleRecords.accountBalance()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyRecordType")
    void everyRecordTypeRoundTrips(PaymentTopic topic, SpecificRecord record) {
        AvroSerde<SpecificRecord> serde = serdes.forTopic(topic);
        byte[] bytes = serde.serializer().serialize(topic.baseName(), record);

        assertThat(serde.deserializer().deserialize(topic.baseName(), bytes)).isEqualTo(record);
        assertThat(bytes[0]).isZero();
        int id = ConfluentWireFormat.schemaId(bytes);
        assertThat(registry.schemaById(id).toString()).as("the topic's schema without the Java-only property")
                .isEqualTo(topic.valueSchema().toString().replace(",\"avro.java.string\":\"String\"", "")
                        .replace("{\"type\":\"string\"}", "\"string\""));
        assertThat(registry.latest(SchemaRegistryClient.valueSubject(topic.baseName())).id()).isEqualTo(id);
    }

    @Test
    void writesTheConfluentByteLayout() {
        byte[] bytes = serdes.forTopic(PaymentTopic.COMMANDS).serializer()
                .serialize("payments.commands", SampleRecords.transferRequest());

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(TRANSFER_REQUEST_BYTES);
    }

    @Test
    void readsAFixedByteVector() {
        registry.register("payments.commands-value", PaymentTopic.COMMANDS.valueSchema());

        Object decoded = serdes.forTopic(PaymentTopic.COMMANDS).deserializer()
                .deserialize("payments.commands", HexFormat.of().parseHex(TRANSFER_REQUEST_BYTES));

        assertThat(decoded).isEqualTo(SampleRecords.transferRequest());
    }

    @Test
    void schemaIdIsBigEndianInBytesOneToFour() {
        InMemorySchemaRegistry manySchemas = new InMemorySchemaRegistry();
        for (int i = 0; i < 300; i++) {
            manySchemas.register("filler-" + i, Schema.createRecord("Filler" + i, null, "test", false, List.of()));
        }
        byte[] bytes = new PaymentSerdes(manySchemas, true).forTopic(PaymentTopic.LEDGER_ENTRIES).serializer()
                .serialize("payments.ledger-entries", SampleRecords.ledgerEntry());

        assertThat(HexFormat.of().formatHex(bytes, 0, 5)).isEqualTo("000000012d"); // id 301
    }

    @Test
    void aReaderWithTheNewerSchemaReadsAnOlderWriter() throws IOException {
        Schema olderTransferRequest = new Schema.Parser().parse("""
                {"type": "record", "name": "TransferRequest", "namespace": "io.payments.avro", "fields": [
                  {"name": "transferId", "type": "string"},
                  {"name": "sourceAccountId", "type": "string"},
                  {"name": "destinationAccountId", "type": "string"},
                  {"name": "amountMinor", "type": "long"},
                  {"name": "currency", "type": "string"},
                  {"name": "requestedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}""");
        int olderId = registry.register("payments.commands-value", olderTransferRequest);
        GenericRecord older = new GenericData.Record(olderTransferRequest);
        older.put("transferId", "t-9");
        older.put("sourceAccountId", "a");
        older.put("destinationAccountId", "b");
        older.put("amountMinor", 5L);
        older.put("currency", "USD");
        older.put("requestedAt", 1L);

        Object decoded = serdes.forTopic(PaymentTopic.COMMANDS).deserializer()
                .deserialize("payments.commands", wireFormat(olderId, olderTransferRequest, older));

        assertThat(decoded).isInstanceOf(io.payments.avro.TransferRequest.class);
        io.payments.avro.TransferRequest request = (io.payments.avro.TransferRequest) decoded;
        assertThat(request.getTransferId()).isEqualTo("t-9");
        assertThat(request.getAmountMinor()).isEqualTo(5L);
        assertThat(request.getMetadata()).isNull();
    }

    @Test
    void refusesToWriteARecordTypeTheTopicDoesNotCarry() {
        AvroSerde<SpecificRecord> serde = serdes.forTopic(PaymentTopic.COMMANDS);

        assertThatThrownBy(() -> serde.serializer().serialize("payments.commands", SampleRecords.ledgerEntry()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("io.payments.avro.LedgerEntry cannot be written to topic payments.commands");
    }

    @Test
    void withoutAutoRegistrationTheSchemaMustAlreadyBeThere() {
        PaymentSerdes lookupOnly = new PaymentSerdes(registry, false);
        AvroSerde<SpecificRecord> serde = lookupOnly.forTopic(PaymentTopic.BALANCES);
        assertThatThrownBy(() -> serde.serializer().serialize("payments.balances", SampleRecords.accountBalance()))
                .hasMessageContaining("payments.balances-value");

        int id = registry.register("payments.balances-value", PortableSchema.of(PaymentTopic.BALANCES.valueSchema()));
        byte[] bytes = lookupOnly.<SpecificRecord>forTopic(PaymentTopic.BALANCES).serializer()
                .serialize("payments.balances", SampleRecords.accountBalance());
        assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(id);
    }

    /** What a Python, Go or JavaScript upstream with auto-registration off looks up: the union of the .avsc files' text. */
    @Test
    void anUpstreamFindsTheRegisteredCommandsSchemaByTheTextOfTheAvscFiles() throws IOException {
        byte[] bytes = serdes.forTopic(PaymentTopic.COMMANDS).serializer().serialize("payments.commands", SampleRecords.transferRequest());

        RegisteredSchema found = registry.lookup("payments.commands-value", commandsFromAvscFiles());

        assertThat(found.id()).isEqualTo(ConfluentWireFormat.schemaId(bytes));
        assertThat(registry.definitionById(found.id()).text()).doesNotContain("avro.java");
    }

    @Test
    void withoutAutoRegistrationTheSerializerFindsTheSchemaAnUpstreamRegisteredFromTheAvscFiles() throws IOException {
        int id = registry.register("payments.commands-value", commandsFromAvscFiles());

        byte[] bytes = new PaymentSerdes(registry, false).<SpecificRecord>forTopic(PaymentTopic.COMMANDS).serializer()
                .serialize("payments.commands", SampleRecords.transferRequest());

        assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(id);
    }

    /** The commands union as an upstream writes it from the .avsc files, in the order docs/upstream-guide.md gives. */
    private static SchemaDefinition commandsFromAvscFiles() throws IOException {
        List<String> records = new java.util.ArrayList<>();
        for (String file : List.of("OpenAccount.avsc", "TransferRequest.avsc", "PlaceHold.avsc", "PostHold.avsc",
                "VoidHold.avsc")) {
            records.add(Files.readString(AVSC.resolve(file)));
        }
        return new SchemaDefinition("[" + String.join(",", records) + "]", List.of());
    }

    @Test
    void nullIsATombstoneBothWays() {
        AvroSerde<SpecificRecord> serde = serdes.forTopic(PaymentTopic.BALANCES);
        assertThat(serde.serializer().serialize("payments.balances", null)).isNull();
        assertThat(serde.deserializer().deserialize("payments.balances", null)).isNull();
    }

    @Test
    void mockUrlsShareOneRegistryPerScope() {
        String scope = "mock://" + UUID.randomUUID();
        int id = io.payments.schemas.registry.SchemaRegistries.connect(scope)
                .register("s-value", PaymentTopic.BALANCES.valueSchema());
        assertThat(io.payments.schemas.registry.SchemaRegistries.connect(scope).schemaById(id))
                .isEqualTo(PaymentTopic.BALANCES.valueSchema());
        assertThatThrownBy(() -> io.payments.schemas.registry.SchemaRegistries.connect("ftp://x"))
                .hasMessageContaining("unknown scheme");
    }

    static byte[] wireFormat(int schemaId, Schema schema, Object datum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0, (byte) (schemaId >>> 24), (byte) (schemaId >>> 16), (byte) (schemaId >>> 8),
                (byte) schemaId});
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<>(schema).write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }

}
