package io.payments.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.payments.avro.TransferRequest;
import io.payments.runtime.kafka.LocalKafkaBroker;
import io.payments.runtime.registry.SchemaRegistryServer;
import io.payments.schemas.registry.HttpSchemaRegistryClient;
import io.payments.schemas.serde.ConfluentWireFormat;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.topics.PaymentTopic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wire-format interop with Confluent's own JavaScript serializer ({@code @confluentinc/schemaregistry}
 * on Node), through the embedded registry over HTTP, in both directions. Skipped with a message
 * where Node is missing, unless PAYMENTS_INTEROP_REQUIRED=true (as in .ci/run), where it fails
 * ({@link ConfluentJs}).
 */
class ConfluentJsInteropIT {

    /** Above 2^53: a JavaScript number would lose it. */
    private static final long BIG_AMOUNT = 9_007_199_254_740_993L;

    @TempDir
    static Path dataDir;
    static LocalKafkaBroker broker;
    static SchemaRegistryServer registry;
    static ConfluentJs js;

    @BeforeAll
    static void start() {
        js = ConfluentJs.require(ConfluentJsInteropIT.class.getSimpleName());
        broker = LocalKafkaBroker.at(dataDir.resolve("kafka"), 0).start();
        registry = SchemaRegistryServer.start(broker.bootstrapServers(), "_schemas", 0, Map.of());
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void javaReadsWhatTheJavaScriptSerializerWroteWithTheRecordSchema() throws Exception {
        String topic = "interop-" + UUID.randomUUID() + ".payments.commands";
        Path schemaFile = dataDir.resolve("transfer-request.avsc");
        Files.writeString(schemaFile, TransferRequest.getClassSchema().toString());

        JsonNode encoded = js.answer("encode", "--registry", registry.url(), "--topic", topic,
                "--schema-file", schemaFile.toString(), "--value-json", transferRequestJson());
        byte[] bytes = HexFormat.of().parseHex(encoded.path("hex").asText());

        assertThat(bytes[0]).isZero();
        assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(encoded.path("schemaId").asInt());
        Object decoded = javaSerdes().forTopic(PaymentTopic.COMMANDS).deserializer().deserialize(topic, bytes);
        assertThat(decoded).isEqualTo(expectedRequest());
    }

    @Test
    void javaReadsWhatTheJavaScriptSerializerWroteWithTheTopicsUnionSchema() throws Exception {
        String topic = "interop-" + UUID.randomUUID() + ".payments.commands";
        Path schemaFile = dataDir.resolve("commands.avsc");
        Files.writeString(schemaFile, PaymentTopic.COMMANDS.valueSchema().toString());

        JsonNode encoded = js.answer("encode", "--registry", registry.url(), "--topic", topic,
                "--schema-file", schemaFile.toString(),
                "--value-json", "{\"io.payments.avro.TransferRequest\": " + transferRequestJson() + "}");
        byte[] bytes = HexFormat.of().parseHex(encoded.path("hex").asText());

        Object decoded = javaSerdes().forTopic(PaymentTopic.COMMANDS).deserializer().deserialize(topic, bytes);
        assertThat(decoded).isEqualTo(expectedRequest());
    }

    @Test
    void theJavaScriptDeserializerReadsWhatJavaWrote() throws Exception {
        String topic = "interop-" + UUID.randomUUID() + ".payments.commands";
        byte[] bytes = javaSerdes().<SpecificRecord>forTopic(PaymentTopic.COMMANDS).serializer()
                .serialize(topic, expectedRequest());

        JsonNode decoded = js.answer("decode", "--registry", registry.url(), "--topic", topic,
                "--hex", HexFormat.of().formatHex(bytes)).path("io.payments.avro.TransferRequest");

        assertThat(decoded.path("transferId").asText()).isEqualTo("t-js-1");
        assertThat(decoded.path("sourceAccountId").asText()).isEqualTo("acc-1");
        assertThat(decoded.path("destinationAccountId").asText()).isEqualTo("acc-2");
        assertThat(decoded.path("amountMinor").asLong()).isEqualTo(BIG_AMOUNT);
        assertThat(decoded.path("currency").asText()).isEqualTo("EUR");
        assertThat(decoded.path("requestedAt").asLong()).isEqualTo(1_700_000_000_123L);
        assertThat(decoded.path("metadata").path("invoice").asText()).isEqualTo("INV-7");
    }

    private static PaymentSerdes javaSerdes() {
        return new PaymentSerdes(new HttpSchemaRegistryClient(registry.url()), true);
    }

    private static TransferRequest expectedRequest() {
        return new TransferRequest("t-js-1", "acc-1", "acc-2", BIG_AMOUNT, "EUR",
                1_700_000_000_123L, Map.of("invoice", "INV-7"));
    }

    private static String transferRequestJson() {
        return "{\"transferId\": \"t-js-1\", \"sourceAccountId\": \"acc-1\", \"destinationAccountId\": \"acc-2\","
                + " \"amountMinor\": " + BIG_AMOUNT + ", \"currency\": \"EUR\", \"requestedAt\": 1700000000123,"
                + " \"metadata\": {\"invoice\": \"INV-7\"}}";
    }
}
