package io.payments.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payments.avro.AccountKind;
import io.payments.avro.OpenAccount;
import io.payments.avro.TransferRequest;
import io.payments.avro.TransferResult;
import io.payments.processor.config.ProcessorConfig;
import io.payments.runtime.registry.SchemaRegistryServer;
import io.payments.schemas.config.Settings;
import io.payments.schemas.registry.HttpSchemaRegistryClient;
import io.payments.schemas.registry.SchemaRegistryClient;
import io.payments.schemas.serde.ConfluentWireFormat;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.topics.DeadLetterHeaders;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import io.payments.testkit.ConfluentJs;
import io.payments.testkit.LocalRuntimeExtension;
import io.payments.testkit.TestRuntime;
import io.payments.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way an upstream can configure Confluent's serializer publishes to payments.commands
 * unchanged: Confluent's own JavaScript serializer ({@link ConfluentJs}) writes a TransferRequest
 * with each configuration against the embedded registry, the bytes are published keyed by the
 * source account and partitioned by murmur2 as Java's producer does (what a librdkafka client
 * does with {@code partitioner=murmur2_random}), and a running processor must complete each
 * transfer. The registration a Confluent registry refuses is checked too. The upstream guide's
 * "Serializer configurations that work" lists the same configurations.
 */
@ExtendWith(LocalRuntimeExtension.class)
class ConfluentSerializerConfigsIT {

    private static final Path AVSC = Path.of("..", "schemas", "src", "main", "avro").toAbsolutePath().normalize();
    private static final Duration BUDGET = Duration.ofMinutes(2);
    private static final long FUNDS = 10_000;

    @TempDir
    Path dir;

    /** What the JavaScript serializer is told besides registry, topic and value, per configuration. */
    private record Configuration(String name, boolean union, String... options) {
    }

    /** The records of the commands union, in its order: a union an upstream registers must have them all (BACKWARD). */
    private static final List<String> COMMAND_RECORDS = List.of("OpenAccount", "TransferRequest", "PlaceHold", "PostHold",
            "VoidHold");

    @Test
    void everySerializerConfigurationPublishesATransferThatCompletes(TestRuntime runtime) throws Exception {
        ConfluentJs js = ConfluentJs.require(getClass().getSimpleName());
        Topics topics = runtime.createTopics();
        String commands = topics.name(PaymentTopic.COMMANDS);
        String commandsSubject = SchemaRegistryClient.valueSubject(commands);
        Path transferRequest = AVSC.resolve("TransferRequest.avsc");
        Path union = write("commands.avsc", "[" + Files.readString(AVSC.resolve("OpenAccount.avsc")) + ","
                + Files.readString(transferRequest) + "," + Files.readString(AVSC.resolve("PlaceHold.avsc")) + ","
                + Files.readString(AVSC.resolve("PostHold.avsc")) + "," + Files.readString(AVSC.resolve("VoidHold.avsc"))
                + "]");
        Path otherNamespace = write("acme-transfer-request.avsc", Files.readString(transferRequest)
                .replace("\"namespace\": \"io.payments.avro\"", "\"namespace\": \"com.acme.payments\""));
        Path referencedUnion = write("referenced-union.avsc", "[" + COMMAND_RECORDS.stream().map(name -> "\"io.payments.avro."
                + name + "\"").collect(java.util.stream.Collectors.joining(",")) + "]");

        // A registry of this test's own: RecordNameStrategy subjects are not per topic.
        try (SchemaRegistryServer registry = SchemaRegistryServer.start(runtime.bootstrapServers(),
                runtime.id() + "._schemas", 0, Map.of());
             ProcessorService processor = ProcessorService.start(config(runtime, topics, registry.url()))) {
            HttpSchemaRegistryClient registryClient = new HttpSchemaRegistryClient(registry.url());
            PaymentSerdes serdes = new PaymentSerdes(registryClient, true);
            List<Configuration> configurations = List.of(
                    new Configuration("lookup-by-content", true, "--lookup", "content", "--schema-file", union.toString()),
                    new Configuration("use-latest-version", true, "--lookup", "latest", "--schema-file", union.toString()),
                    new Configuration("use-schema-id", true, "--lookup", "id", "--schema-file", union.toString()),
                    new Configuration("topic-record-name", false, "--lookup", "auto", "--subject-strategy", "topic-record",
                            "--schema-file", transferRequest.toString()),
                    new Configuration("record-name", false, "--lookup", "auto", "--subject-strategy", "record",
                            "--schema-file", transferRequest.toString()),
                    new Configuration("record-name-other-namespace", false, "--lookup", "auto", "--subject-strategy", "record",
                            "--schema-file", otherNamespace.toString()),
                    new Configuration("referenced-union", true, "--lookup", "latest", "--schema-file", referencedUnion.toString(),
                            "--references", COMMAND_RECORDS.stream().map(name -> "{\"name\": \"io.payments.avro." + name
                                    + "\", \"subject\": \"io.payments.avro." + name + "\", \"version\": 1}")
                                    .collect(java.util.stream.Collectors.joining(", ", "[", "]"))));

            try (KafkaProducer<String, SpecificRecord> java = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers()), new StringSerializer(),
                    serdes.<SpecificRecord>forTopic(PaymentTopic.COMMANDS).serializer())) {
                List<String> accounts = new ArrayList<>(List.of("bank", "payee"));
                configurations.forEach(c -> accounts.add(payer(c)));
                for (String account : accounts) {
                    java.send(new ProducerRecord<>(commands, account, new OpenAccount("open-" + account, account, "EUR",
                            account.equals("bank") ? AccountKind.SETTLEMENT : AccountKind.CUSTOMER, System.currentTimeMillis())));
                }
                java.flush();
                awaitCompleted(runtime, topics, serdes, accounts.stream().map(a -> "open-" + a).toList());
                for (Configuration configuration : configurations) {
                    java.send(new ProducerRecord<>(commands, "bank", new TransferRequest("fund-" + configuration.name(), "bank",
                            payer(configuration), FUNDS, "EUR", System.currentTimeMillis(), null)));
                }
                java.flush();
                awaitCompleted(runtime, topics, serdes, configurations.stream().map(c -> "fund-" + c.name()).toList());
            }
            int pipelineId = registryClient.latest(commandsSubject).id();

            // The referenced union's subjects, registered by the upstream as Confluent documents it; the
            // RecordNameStrategy configuration registers the same TransferRequest and finds this version.
            for (String name : COMMAND_RECORDS) {
                js.answer("register", "--registry", registry.url(), "--subject", "io.payments.avro." + name,
                        "--schema-file", AVSC.resolve(name + ".avsc").toString());
                assertThat(registryClient.versions("io.payments.avro." + name)).containsExactly(1);
            }

            Map<String, Integer> schemaIds = new LinkedHashMap<>();
            try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers()), new StringSerializer(),
                    new ByteArraySerializer())) {
                for (Configuration configuration : configurations) {
                    List<String> args = new ArrayList<>(List.of("encode", "--registry", registry.url(), "--topic", commands,
                            "--value-json", transferJson(configuration)));
                    args.addAll(List.of(configuration.options()));
                    byte[] bytes = HexFormat.of().parseHex(js.answer(args.toArray(String[]::new)).path("hex").asText());
                    schemaIds.put(configuration.name(), ConfluentWireFormat.schemaId(bytes));
                    raw.send(new ProducerRecord<>(commands, payer(configuration), bytes)).get();
                }
            }

            Map<String, String> expected = new LinkedHashMap<>();
            configurations.forEach(c -> expected.put("js-" + c.name(), "COMPLETED"));
            await().atMost(BUDGET).untilAsserted(() -> assertThat(outcomes(runtime, topics, serdes))
                    .as(() -> "dead letters: " + deadLetters(runtime, topics))
                    .containsAllEntriesOf(expected));
            assertThat(processor.state()).isEqualTo(KafkaStreams.State.RUNNING);

            assertThat(schemaIds.get("lookup-by-content")).as("found the schema the pipeline registered").isEqualTo(pipelineId);
            assertThat(schemaIds.get("use-schema-id")).isEqualTo(pipelineId);
            assertThat(schemaIds.get("use-latest-version")).isEqualTo(pipelineId);
            assertThat(registryClient.latest(commandsSubject).id()).as("the referenced union is the subject's latest version")
                    .isEqualTo(schemaIds.get("referenced-union"));
            assertThat(registryClient.latest(commandsSubject).definition().references()).hasSize(COMMAND_RECORDS.size());
            assertThat(registryClient.latest(commands + "-io.payments.avro.TransferRequest").id())
                    .isEqualTo(schemaIds.get("topic-record-name"));
            assertThat(registryClient.latest("com.acme.payments.TransferRequest").id())
                    .isEqualTo(schemaIds.get("record-name-other-namespace"));

            // A bare TransferRequest under the topic's subject cannot read what the union wrote (an OpenAccount): refused.
            List<Integer> versions = registryClient.versions(commandsSubject);
            ConfluentJs.Run refused = js.run("encode", "--registry", registry.url(), "--topic", commands,
                    "--value-json", transferJson(new Configuration("refused", false)), "--lookup", "auto",
                    "--schema-file", transferRequest.toString());
            System.out.println("Registering the bare TransferRequest under " + commandsSubject + ": " + refused.stderr());
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.stderr())
                    .contains("HTTP 409, error_code 409: Schema being registered is incompatible with an earlier schema for subject \""
                            + commandsSubject + "\" (BACKWARD)")
                    .contains("NAME_MISMATCH at /0/name: expected: io.payments.avro.OpenAccount");
            assertThat(registryClient.versions(commandsSubject)).isEqualTo(versions);
        }
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static String payer(Configuration configuration) {
        return "payer-" + configuration.name();
    }

    /** A transfer of 2.50 EUR from the configuration's payer; a union's writer names the branch, a record's does not. */
    private static String transferJson(Configuration configuration) {
        String request = "{\"transferId\": \"js-" + configuration.name() + "\", \"sourceAccountId\": \"" + payer(configuration)
                + "\", \"destinationAccountId\": \"payee\", \"amountMinor\": 250, \"currency\": \"EUR\", \"requestedAt\": "
                + System.currentTimeMillis() + ", \"metadata\": null}";
        return configuration.union() ? "{\"io.payments.avro.TransferRequest\": " + request + "}" : request;
    }

    private static void awaitCompleted(TestRuntime runtime, Topics topics, PaymentSerdes serdes, List<String> requestIds) {
        await().atMost(BUDGET).untilAsserted(() -> {
            Map<String, String> outcomes = outcomes(runtime, topics, serdes);
            requestIds.forEach(id -> assertThat(outcomes).containsEntry(id, "COMPLETED"));
        });
    }

    /** The outcome (and reason) of every request answered so far, by request id. */
    private static Map<String, String> outcomes(TestRuntime runtime, Topics topics, PaymentSerdes serdes) {
        Map<String, String> outcomes = new HashMap<>();
        for (ConsumerRecord<String, SpecificRecord> record : TopicReader.readAll(runtime.bootstrapServers(),
                topics.name(PaymentTopic.TRANSFER_RESULTS), serdes.<SpecificRecord>forTopic(PaymentTopic.TRANSFER_RESULTS).deserializer())) {
            TransferResult result = (TransferResult) record.value();
            outcomes.put(result.getTransferId(), result.getOutcome() + (result.getReason() == null ? "" : " " + result.getReason()));
        }
        return outcomes;
    }

    /** Reason and detail of every dead letter so far: why a configuration's record was not read. */
    private static List<String> deadLetters(TestRuntime runtime, Topics topics) {
        return TopicReader.readAll(runtime.bootstrapServers(), topics.name(PaymentTopic.DEAD_LETTERS), new ByteArrayDeserializer())
                .stream().map(record -> header(record, DeadLetterHeaders.REASON) + ": " + header(record, DeadLetterHeaders.DETAIL))
                .toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private ProcessorConfig config(TestRuntime runtime, Topics topics, String registryUrl) {
        Map<String, String> settings = new java.util.HashMap<>(runtime.processorSecrets());
        settings.putAll(Map.of(
                "bootstrap.servers", runtime.bootstrapServers(),
                "schema.registry.url", registryUrl,
                "topics.prefix", topics.prefix(),
                "processor.application.id", runtime.id() + "-processor",
                "processor.state.dir", dir.resolve("state").toString(),
                "processor.http.port", "0"));
        return ProcessorConfig.from(Settings.of(settings));
    }
}
