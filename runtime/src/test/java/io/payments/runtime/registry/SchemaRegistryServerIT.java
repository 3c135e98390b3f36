package io.payments.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payments.avro.AccountBalance;
import io.payments.avro.AccountKind;
import io.payments.avro.OpenAccount;
import io.payments.avro.TransferRequest;
import io.payments.runtime.kafka.LocalKafkaBroker;
import io.payments.schemas.registry.CompatibilityLevel;
import io.payments.schemas.registry.HttpSchemaRegistryClient;
import io.payments.schemas.registry.SchemaDefinition;
import io.payments.schemas.registry.SchemaReference;
import io.payments.schemas.registry.SchemaRegistryException;
import io.payments.schemas.serde.ConfluentWireFormat;
import io.payments.schemas.serde.DecodeFailure;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.serde.WireFormatException;
import io.payments.schemas.topics.PaymentTopic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaRegistryServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema V1 = new Schema.Parser().parse("""
            {"type": "record", "name": "Payment", "namespace": "it", "fields": [{"name": "amount", "type": "long"}]}""");
    private static final Schema V2 = new Schema.Parser().parse("""
            {"type": "record", "name": "Payment", "namespace": "it", "fields": [{"name": "amount", "type": "long"},
             {"name": "note", "type": ["null", "string"], "default": null}]}""");
    private static final Schema INCOMPATIBLE = new Schema.Parser().parse("""
            {"type": "record", "name": "Payment", "namespace": "it", "fields": [{"name": "amount", "type": "string"}]}""");

    @TempDir
    static Path dataDir;
    static LocalKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = LocalKafkaBroker.at(dataDir.resolve("kafka"), 0).start();
    }

    @AfterAll
    static void stopBroker() {
        broker.stop();
    }

    @Test
    void idsSubjectsAndSettingsSurviveARestart() {
        String topic = "_schemas-" + UUID.randomUUID();
        int v1;
        int v2;
        int other;
        try (SchemaRegistryServer server = SchemaRegistryServer.start(broker.bootstrapServers(), topic, 0, Map.of())) {
            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(server.url());
            v1 = client.register("payment-value", V1);
            v2 = client.register("payment-value", V2);
            other = client.register("other-value", INCOMPATIBLE);
            client.setCompatibility("other-value", CompatibilityLevel.NONE);
            assertThat(client.register("payment-value", V1)).isEqualTo(v1);
        }
        try (SchemaRegistryServer restarted = SchemaRegistryServer.start(broker.bootstrapServers(), topic, 0, Map.of())) {
            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(restarted.url());
            assertThat(client.schemaById(v1)).isEqualTo(V1);
            assertThat(client.schemaById(v2)).isEqualTo(V2);
            assertThat(client.subjects()).containsExactlyInAnyOrder("payment-value", "other-value");
            assertThat(client.versions("payment-value")).containsExactly(1, 2);
            assertThat(client.latest("payment-value").id()).isEqualTo(v2);
            assertThat(client.lookup("other-value", INCOMPATIBLE).id()).isEqualTo(other);
            assertThat(client.compatibility("other-value")).isEqualTo(CompatibilityLevel.NONE);
            assertThat(client.register("payment-value", V2)).isEqualTo(v2);
            Schema v3 = new Schema.Parser().parse(V2.toString().replace("\"note\"", "\"memo\""));
            assertThat(client.register("payment-value", v3)).isEqualTo(Math.max(v2, other) + 1);
        }
    }

    @Test
    void anIncompatibleChangeIsRefusedWithHttp409() throws Exception {
        try (SchemaRegistryServer server = SchemaRegistryServer.start(broker.bootstrapServers(),
                "_schemas-" + UUID.randomUUID(), 0, Map.of())) {
            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(server.url());
            client.register("payment-value", V1);
            assertThat(client.isCompatible("payment-value", V2)).isTrue();
            assertThat(client.isCompatible("payment-value", INCOMPATIBLE)).isFalse();

            String body = new ObjectMapper().createObjectNode().put("schema", INCOMPATIBLE.toString()).toString();
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.url() + "/subjects/payment-value/versions"))
                            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode error = new ObjectMapper().readTree(response.body());

            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(error.path("error_code").asInt()).isEqualTo(409);
            assertThat(error.path("message").asText()).contains("TYPE_MISMATCH at /fields/0/type", "reader type: STRING not compatible with writer type: LONG");
            assertThatThrownBy(() -> client.register("payment-value", INCOMPATIBLE))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(409));
            assertThat(client.versions("payment-value")).containsExactly(1);
        }
    }

    @Test
    void notFoundAndInvalidAnswersCarryConfluentErrorCodes() {
        try (SchemaRegistryServer server = SchemaRegistryServer.start(broker.bootstrapServers(),
                "_schemas-" + UUID.randomUUID(), 0, Map.of())) {
            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(server.url());
            assertThatThrownBy(() -> client.schemaById(12345))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
            assertThatThrownBy(() -> client.latest("missing-value"))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));
            client.register("payment-value", V1);
            assertThatThrownBy(() -> client.lookup("payment-value", V2))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
            assertThatThrownBy(() -> client.version("payment-value", 9))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40402));
        }
    }

    @Test
    void theSerdeWorksThroughTheRegistryOverHttp() {
        try (SchemaRegistryServer server = SchemaRegistryServer.start(broker.bootstrapServers(),
                "_schemas-" + UUID.randomUUID(), 0, Map.of())) {
            AccountBalance balance = new AccountBalance("acc-1", "EUR", AccountKind.CUSTOMER, 42L, 3L,
                    1_700_000_000_000L, 0L);
            byte[] bytes = new PaymentSerdes(new HttpSchemaRegistryClient(server.url()), true)
                    .<SpecificRecord>forTopic(PaymentTopic.BALANCES).serializer().serialize("payments.balances", balance);

            PaymentSerdes reader = new PaymentSerdes(new HttpSchemaRegistryClient(server.url()), false);
            assertThat(reader.<SpecificRecord>forTopic(PaymentTopic.BALANCES).deserializer()
                    .deserialize("payments.balances", bytes)).isEqualTo(balance);

            bytes[4] = 77;
            assertThatThrownBy(() -> reader.<SpecificRecord>forTopic(PaymentTopic.BALANCES).deserializer()
                    .deserialize("payments.balances", bytes))
                    .isInstanceOfSatisfying(WireFormatException.class,
                            e -> assertThat(e.failure()).isEqualTo(DecodeFailure.UNKNOWN_SCHEMA_ID));
        }
    }

    @Test
    void aUnionOfReferencesIsRegisteredLookedUpAndServedAsConfluentDoes() throws Exception {
        String topic = "_schemas-" + UUID.randomUUID();
        ObjectNode union = new SchemaDefinition("[\"io.payments.avro.OpenAccount\",\"io.payments.avro.TransferRequest\"]",
                List.of(new SchemaReference("io.payments.avro.OpenAccount", "io.payments.avro.OpenAccount", 1),
                        new SchemaReference("io.payments.avro.TransferRequest", "io.payments.avro.TransferRequest", 1)))
                .writeTo(JSON.createObjectNode());
        int id;
        try (SchemaRegistryServer server = SchemaRegistryServer.start(broker.bootstrapServers(), topic, 0, Map.of())) {
            for (Schema record : List.of(OpenAccount.getClassSchema(), TransferRequest.getClassSchema())) {
                call(server, "POST", "/subjects/" + record.getFullName() + "/versions",
                        JSON.createObjectNode().put("schema", record.toString()));
            }
            id = call(server, "POST", "/subjects/payments.commands-value/versions", union).path("id").asInt();

            JsonNode byId = call(server, "GET", "/schemas/ids/" + id, null);
            assertThat(byId.path("schema")).isEqualTo(union.path("schema"));
            assertThat(byId.path("references")).isEqualTo(union.path("references"));
            assertThat(call(server, "GET", "/subjects/payments.commands-value/versions/latest", null).path("references"))
                    .isEqualTo(union.path("references"));
            assertThat(call(server, "POST", "/subjects/payments.commands-value", union).path("id").asInt()).isEqualTo(id);
            assertThat(call(server, "GET", "/subjects/io.payments.avro.TransferRequest/versions/latest/referencedby", null))
                    .containsExactly(JSON.getNodeFactory().numberNode(id));
            assertThat(call(server, "GET", "/subjects/payments.commands-value/versions/1/referencedby", null)).isEmpty();
        }
        try (SchemaRegistryServer restarted = SchemaRegistryServer.start(broker.bootstrapServers(), topic, 0, Map.of())) {
            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(restarted.url());
            assertThat(client.schemaById(id)).as("the union of the two referenced records")
                    .isEqualTo(Schema.createUnion(OpenAccount.getClassSchema(), TransferRequest.getClassSchema()));
            assertThat(client.referencedBy("io.payments.avro.OpenAccount", 1)).containsExactly(id);

            TransferRequest request = new TransferRequest("t-1", "acc-1", "acc-2", 5L, "EUR", 1_700_000_000_000L, null);
            byte[] bytes = new PaymentSerdes(client, true).<SpecificRecord>forTopic(PaymentTopic.COMMANDS).serializer()
                    .serialize("payments.commands", request);
            ConfluentWireFormat.writeHeader(bytes, id);
            assertThat(new PaymentSerdes(client, false).<SpecificRecord>forTopic(PaymentTopic.COMMANDS).deserializer()
                    .deserialize("payments.commands", bytes)).as("a record written with the union of references").isEqualTo(request);
        }
    }

    @Test
    void aJournalEntryWrittenBeforeReferencesExistedStillLoads() throws Exception {
        String topic = "_schemas-" + UUID.randomUUID();
        SchemaRegistryServer.start(broker.bootstrapServers(), topic, 0, Map.of()).close();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            // Exactly what the journal wrote before this release.
            producer.send(new ProducerRecord<>(topic, 0, "{\"keytype\":\"SCHEMA\",\"subject\":\"payment-value\",\"version\":1}",
                    JSON.createObjectNode().put("subject", "payment-value").put("version", 1).put("id", 1)
                            .put("schemaType", "AVRO").put("schema", V1.toString()).toString())).get();
        }
        try (SchemaRegistryServer server = SchemaRegistryServer.start(broker.bootstrapServers(), topic, 0, Map.of())) {
            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(server.url());
            assertThat(client.schemaById(1)).isEqualTo(V1);
            assertThat(client.lookup("payment-value", V1).id()).isEqualTo(1);
            assertThat(client.register("payment-value", V1)).isEqualTo(1);
            assertThat(call(server, "GET", "/schemas/ids/1", null).has("references")).isFalse();
        }
    }

    private static JsonNode call(SchemaRegistryServer server, String method, String path, JsonNode body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
