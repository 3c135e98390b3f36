package io.payments.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.payments.avro.AccountBalance;
import io.payments.avro.AccountKind;
import io.payments.runtime.kafka.LocalKafkaBroker;
import io.payments.schemas.registry.CompatibilityLevel;
import io.payments.schemas.registry.HttpSchemaRegistryClient;
import io.payments.schemas.registry.SchemaRegistryException;
import io.payments.schemas.serde.DecodeFailure;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.serde.WireFormatException;
import io.payments.schemas.topics.PaymentTopic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaRegistryServerIT {

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
                    1_700_000_000_000L);
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
}
