package io.payments.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.payments.avro.AccountKind;
import io.payments.avro.OpenAccount;
import io.payments.avro.TransferRequest;
import io.payments.processor.config.ProcessorConfig;
import io.payments.runtime.Ports;
import io.payments.schemas.config.Settings;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import io.payments.testkit.LocalRuntimeExtension;
import io.payments.testkit.TestRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processor instances share the partitions; either answers a balance query for any account,
 * to a caller with the token (passed on when the other instance owns the account), and 401 to
 * anyone else.
 */
@ExtendWith(LocalRuntimeExtension.class)
class BalanceQueryIT {

    private static final int ACCOUNTS = 30;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private String token;

    @Test
    void anyInstanceAnswersForAnyAccount(TestRuntime runtime) throws Exception {
        token = runtime.processorSecrets().get("processor.http.token");
        Topics topics = runtime.createTopics();
        int portA = Ports.free();
        int portB = Ports.free();
        try (ProcessorService a = ProcessorService.start(config(runtime, topics, "a", portA));
             ProcessorService b = ProcessorService.start(config(runtime, topics, "b", portB));
             KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                     Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers()), new StringSerializer(),
                     runtime.serdes().<SpecificRecord>forTopic(PaymentTopic.COMMANDS).serializer())) {
            String commands = topics.name(PaymentTopic.COMMANDS);
            producer.send(new ProducerRecord<>(commands, "bank", new OpenAccount("o", "bank", "EUR", AccountKind.SETTLEMENT, System.currentTimeMillis())));
            for (int i = 0; i < ACCOUNTS; i++) {
                producer.send(new ProducerRecord<>(commands, "q" + i, new OpenAccount("o", "q" + i, "EUR", AccountKind.CUSTOMER, System.currentTimeMillis())));
            }
            producer.flush();
            await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> status(portA, "q" + (ACCOUNTS - 1)) == 200);
            for (int i = 0; i < ACCOUNTS; i++) {
                producer.send(new ProducerRecord<>(commands, "bank",
                        new TransferRequest("f" + i, "bank", "q" + i, 100L + i, "EUR", System.currentTimeMillis(), null)));
            }
            producer.flush();
            await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> {
                for (int i = 0; i < ACCOUNTS; i++) {
                    if (balance(portB, "q" + i) != 100 + i) {
                        return false;
                    }
                }
                return true;
            });
            assertThat(a.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(b.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(activeTasks(a)).as("both instances own partitions, so some answers are passed on").isPositive();
            assertThat(activeTasks(b)).isPositive();

            for (int i = 0; i < ACCOUNTS; i++) {
                for (int port : new int[] {portA, portB}) {
                    JsonNode answer = get(port, "q" + i).body();
                    assertThat(answer.path("balanceMinor").asLong()).as("q%d from port %d", i, port).isEqualTo(100 + i);
                    assertThat(answer.path("balance").asText()).isEqualTo(String.format("%d.%02d", (100 + i) / 100, (100 + i) % 100));
                    assertThat(answer.path("version").asLong()).isEqualTo(1);
                    assertThat(answer.path("currency").asText()).isEqualTo("EUR");
                }
            }
            assertThat(get(portA, "bank").body().path("balanceMinor").asLong()).isNegative();
            Answer unknown = get(portB, "nobody");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.body().path("error").asText()).isEqualTo("account nobody is not open");
            for (int port : new int[] {portA, portB}) {
                assertThat(get(port, "q1", null).status()).as("no credential").isEqualTo(401);
                assertThat(get(port, "q1", "Bearer not-the-" + token).status()).as("a wrong credential").isEqualTo(401);
            }
        }
    }

    private ProcessorConfig config(TestRuntime runtime, Topics topics, String instance, int port) {
        Map<String, String> settings = new java.util.HashMap<>(runtime.processorSecrets());
        settings.putAll(Map.of(
                "bootstrap.servers", runtime.bootstrapServers(),
                "schema.registry.url", runtime.registryUrl(),
                "topics.prefix", topics.prefix(),
                "processor.application.id", runtime.id() + "-processor",
                "processor.state.dir", dir.resolve(instance).toString(),
                "processor.http.port", Integer.toString(port)));
        return ProcessorConfig.from(Settings.of(settings));
    }

    private static long activeTasks(ProcessorService service) {
        return service.streams().metadataForLocalThreads().stream().mapToLong(t -> t.activeTasks().size()).sum();
    }

    private int status(int port, String account) throws Exception {
        return get(port, account).status();
    }

    private long balance(int port, String account) throws Exception {
        Answer answer = get(port, account);
        return answer.status() == 200 ? answer.body().path("balanceMinor").asLong() : Long.MIN_VALUE;
    }

    private Answer get(int port, String account) throws Exception {
        return get(port, account, "Bearer " + token);
    }

    private Answer get(int port, String account, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/accounts/" + account));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), json.readTree(response.body()));
    }

    private record Answer(int status, JsonNode body) {
    }
}
