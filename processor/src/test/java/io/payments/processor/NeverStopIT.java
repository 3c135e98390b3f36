package io.payments.processor;

import static io.payments.testkit.UpstreamFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.payments.avro.AccountKind;
import io.payments.avro.OpenAccount;
import io.payments.avro.Outcome;
import io.payments.avro.RejectReason;
import io.payments.avro.TransferRequest;
import io.payments.avro.TransferResult;
import io.payments.processor.config.ProcessorConfig;
import io.payments.schemas.config.Settings;
import io.payments.schemas.registry.HttpSchemaRegistryClient;
import io.payments.schemas.registry.SchemaRegistryClient;
import io.payments.schemas.serde.ConfluentWireFormat;
import io.payments.schemas.topics.DeadLetterHeaders;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import io.payments.testkit.AnswerFollower;
import io.payments.testkit.LocalRuntimeExtension;
import io.payments.testkit.TestRuntime;
import io.payments.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One record never stops the processor: a value too large for its own dead letter, a command
 * whose echo would be too large for a result or the state, a record that uses an enum symbol a
 * newer upstream schema added, and a schema registry that answers 5xx and then 401 for a while.
 * Each ends as a named answer (or, for the registry, a wait), the processor stays up, and the
 * transfers around it complete. An upstream transaction left open is shown, not hidden behind a
 * lag of 0.
 */
@ExtendWith(LocalRuntimeExtension.class)
class NeverStopIT {

    private static final long NOW = System.currentTimeMillis();

    @TempDir
    Path dir;

    private TestRuntime runtime;
    private Topics topics;

    @Test
    void anOversizedValueAndAnOversizedEchoAreAnsweredAndTheProcessorGoesOn(TestRuntime runtime) throws Exception {
        this.runtime = runtime;
        topics = runtime.createTopics();
        String commands = topics.name(PaymentTopic.COMMANDS);
        // A commands topic from before the 512 KiB limit, as an existing deployment may have.
        setMaxMessageBytes(commands, 2_000_000);
        try (ProcessorService processor = ProcessorService.start(config(runtime.registryUrl(), Map.of()));
             KafkaProducer<byte[], byte[]> raw = rawProducer();
             AnswerFollower answers = new AnswerFollower(runtime, topics)) {
            openAndFund(raw, answers, "alice", "bob");

            byte[] huge = new byte[1_048_400];
            new Random(7).nextBytes(huge);
            huge[0] = 0;
            ConfluentWireFormat.writeHeader(huge, 1);
            RecordMetadata hugeAt = raw.send(new ProducerRecord<>(commands, utf8("alice"), huge)).get();
            Map<String, String> metadata = new HashMap<>();
            for (int i = 0; i < 17; i++) {
                metadata.put("k" + i, "v".repeat(60_000));
            }
            send(raw, "alice", new TransferRequest("big-metadata", "alice", "bob", 5L, "EUR", NOW, metadata));
            send(raw, "alice", new TransferRequest("after", "alice", "bob", 5L, "EUR", NOW, null));

            String origin = AnswerFollower.origin(commands, hugeAt.partition(), hugeAt.offset());
            await().atMost(Duration.ofMinutes(2)).until(() -> answers.deadLetter(origin) != null
                    && !answers.results("big-metadata").isEmpty() && !answers.results("after").isEmpty());
            assertThat(processor.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(answers.results("after")).singleElement().extracting(TransferResult::getOutcome)
                    .isEqualTo(Outcome.COMPLETED);
            TransferResult echoed = answers.results("big-metadata").get(0);
            assertThat(echoed.getReason()).isEqualTo(RejectReason.INVALID_FIELD);
            assertThat(echoed.getMetadata()).hasSize(16).allSatisfy((key, value) -> assertThat(value).hasSize(81));

            ConsumerRecord<String, byte[]> deadLetter = TopicReader.readAll(runtime.bootstrapServers(),
                    topics.name(PaymentTopic.DEAD_LETTERS), new ByteArrayDeserializer()).stream()
                    .filter(record -> header(record, DeadLetterHeaders.OFFSET).equals(Long.toString(hugeAt.offset()))
                            && header(record, DeadLetterHeaders.PARTITION).equals(Integer.toString(hugeAt.partition())))
                    .findFirst().orElseThrow();
            assertThat(deadLetter.value().length).as("cut to fit").isLessThan(huge.length).isGreaterThan(1_000_000);
            assertThat(deadLetter.value()).isEqualTo(java.util.Arrays.copyOf(huge, deadLetter.value().length));
            assertThat(header(deadLetter, DeadLetterHeaders.VALUE_SIZE)).isEqualTo("1048400");
            assertThat(header(deadLetter, DeadLetterHeaders.VALUE_SHA256)).isEqualTo(sha256(huge));
        }
    }

    @Test
    void deadLettersAreCutToTheDeadLetterTopicsOwnLimit(TestRuntime runtime) throws Exception {
        this.runtime = runtime;
        topics = runtime.createTopics();
        String commands = topics.name(PaymentTopic.COMMANDS);
        String deadLetters = topics.name(PaymentTopic.DEAD_LETTERS);
        setMaxMessageBytes(deadLetters, 10_000);
        assertThatThrownBy(() -> ProcessorService.start(config(runtime.registryUrl(), Map.of())).close())
                .hasMessageContaining("Topic " + deadLetters + " takes records of at most 10000 bytes")
                .hasMessageContaining("--add-config max.message.bytes=");

        setMaxMessageBytes(deadLetters, 65_536);
        try (ProcessorService processor = ProcessorService.start(config(runtime.registryUrl(), Map.of()));
             KafkaProducer<byte[], byte[]> raw = rawProducer();
             AnswerFollower answers = new AnswerFollower(runtime, topics)) {
            openAndFund(raw, answers, "alice", "bob");
            byte[] large = new byte[300_000];
            new Random(11).nextBytes(large);
            large[0] = 0;
            ConfluentWireFormat.writeHeader(large, 1);
            RecordMetadata largeAt = raw.send(new ProducerRecord<>(commands, utf8("alice"), large)).get();
            send(raw, "alice", new TransferRequest("after-large", "alice", "bob", 5L, "EUR", NOW, null));

            String origin = AnswerFollower.origin(commands, largeAt.partition(), largeAt.offset());
            await().atMost(Duration.ofMinutes(2)).until(() -> answers.deadLetter(origin) != null
                    && !answers.results("after-large").isEmpty());
            assertThat(processor.state()).isEqualTo(KafkaStreams.State.RUNNING);
            ConsumerRecord<String, byte[]> deadLetter = TopicReader.readAll(runtime.bootstrapServers(), deadLetters,
                    new ByteArrayDeserializer()).stream()
                    .filter(record -> header(record, DeadLetterHeaders.OFFSET).equals(Long.toString(largeAt.offset())))
                    .findFirst().orElseThrow();
            assertThat(deadLetter.value().length).as("cut to the topic's 64 KiB").isLessThan(64_000).isGreaterThan(50_000);
            assertThat(header(deadLetter, DeadLetterHeaders.VALUE_SIZE)).isEqualTo("300000");
        }
    }

    private void setMaxMessageBytes(String topic, int bytes) throws Exception {
        try (Admin admin = runtime.admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                    new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(bytes)),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    @Test
    void aNewerWritersRecordIsReadWhereItStaysInWhatTheProcessorKnows(TestRuntime runtime) throws Exception {
        this.runtime = runtime;
        topics = runtime.createTopics();
        String commands = topics.name(PaymentTopic.COMMANDS);
        try (ProcessorService processor = ProcessorService.start(config(runtime.registryUrl(), Map.of()));
             KafkaProducer<byte[], byte[]> raw = rawProducer();
             AnswerFollower answers = new AnswerFollower(runtime, topics)) {
            openAndFund(raw, answers, "alice", "bob");
            // An upstream registers v2 of the commands schema: one more account kind, accepted under BACKWARD.
            Schema v2 = new Schema.Parser().parse(PaymentTopic.COMMANDS.valueSchema().toString()
                    .replace("\"symbols\":[\"CUSTOMER\",\"SETTLEMENT\",\"UNKNOWN\"]",
                            "\"symbols\":[\"CUSTOMER\",\"SETTLEMENT\",\"UNKNOWN\",\"JOINT\"]"));
            assertThat(v2.toString()).contains("JOINT");
            SchemaRegistryClient registry = new HttpSchemaRegistryClient(runtime.registryUrl());
            int id = registry.register(SchemaRegistryClient.valueSubject(commands), v2);

            GenericData.Record transfer = new GenericData.Record(v2.getTypes().get(1));
            transfer.put("transferId", "v2-transfer");
            transfer.put("sourceAccountId", "alice");
            transfer.put("destinationAccountId", "bob");
            transfer.put("amountMinor", 7L);
            transfer.put("currency", "EUR");
            transfer.put("requestedAt", NOW);
            GenericData.Record joint = new GenericData.Record(v2.getTypes().get(0));
            joint.put("requestId", "open-joint");
            joint.put("accountId", "carol");
            joint.put("currency", "EUR");
            joint.put("kind", new GenericData.EnumSymbol(v2.getTypes().get(0).getField("kind").schema(), "JOINT"));
            joint.put("requestedAt", NOW);
            raw.send(new ProducerRecord<>(commands, utf8("alice"), frame(id, v2, transfer))).get();
            RecordMetadata jointAt = raw.send(new ProducerRecord<>(commands, utf8("carol"), frame(id, v2, joint))).get();

            String origin = AnswerFollower.origin(commands, jointAt.partition(), jointAt.offset());
            await().atMost(Duration.ofMinutes(1)).until(() -> !answers.results("v2-transfer").isEmpty()
                    && answers.deadLetter(origin) != null);
            assertThat(answers.results("v2-transfer")).singleElement().extracting(TransferResult::getOutcome)
                    .isEqualTo(Outcome.COMPLETED);
            assertThat(answers.deadLetter(origin)).isEqualTo("SCHEMA_MISMATCH");
            assertThat(answers.results("open-joint")).as("never read as another kind").isEmpty();
            assertThat(processor.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    @Test
    void aRegistryAnswering5xxThen401IsWaitedOutAndNothingIsDeadLettered(TestRuntime runtime) throws Exception {
        this.runtime = runtime;
        topics = runtime.createTopics();
        String commands = topics.name(PaymentTopic.COMMANDS);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (RegistryProxy proxy = new RegistryProxy(runtime.registryUrl());
             // Each attempt replaces the stream thread, and the group waits for the old member's session to end.
             ProcessorService processor = ProcessorService.start(config(proxy.url(), Map.of(
                     "processor.retry.backoff.max", "1s", "kafka.session.timeout.ms", "6000",
                     "kafka.heartbeat.interval.ms", "1500")), meters);
             KafkaProducer<byte[], byte[]> raw = rawProducer();
             AnswerFollower answers = new AnswerFollower(runtime, topics)) {
            openAndFund(raw, answers, "alice", "bob");
            // A writer schema the processor has not seen: it must ask the registry for it.
            Schema bare = TransferRequest.getClassSchema();
            int id = new HttpSchemaRegistryClient(runtime.registryUrl()).register(commands + "-" + bare.getFullName(), bare);
            proxy.failWith(503);
            raw.send(new ProducerRecord<>(commands, utf8("alice"), frame(id, bare, new TransferRequest("while-down",
                    "alice", "bob", 3L, "EUR", NOW, null)))).get();

            waitOut().atMost(Duration.ofSeconds(30)).until(() -> retryingBecause(processor, "proxy answers 503"));
            proxy.failWith(401);
            waitOut().atMost(Duration.ofSeconds(30)).until(() -> retryingBecause(processor, "proxy answers 401"));
            assertThat(answers.results("while-down")).as("nothing decided while the schema is unknown").isEmpty();
            assertThat(processor.state()).isNotIn(KafkaStreams.State.ERROR, KafkaStreams.State.NOT_RUNNING,
                    KafkaStreams.State.PENDING_SHUTDOWN);

            proxy.passThrough();
            waitOut().atMost(Duration.ofMinutes(1)).until(() -> !answers.results("while-down").isEmpty());
            assertThat(answers.results("while-down")).singleElement().extracting(TransferResult::getOutcome)
                    .isEqualTo(Outcome.COMPLETED);
            assertThat(TopicReader.readAll(runtime.bootstrapServers(), topics.name(PaymentTopic.DEAD_LETTERS),
                    new ByteArrayDeserializer())).as("nothing dead-lettered for an outage").isEmpty();
            assertThat(meters.get("payments.processor.transient.errors").counter().count()).isGreaterThanOrEqualTo(2);
            assertThat(processor.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    /**
     * Whether {@code /health} says the processor is retrying because of this status: looked for in
     * the cause the line ends with, not in its timestamps (".401Z" once made a 503 pass for a 401).
     */
    private static boolean retryingBecause(ProcessorService processor, String status) {
        return processor.health().details().stream().filter(line -> line.startsWith("retrying since"))
                .map(line -> line.substring(line.indexOf("): ") + 3)).anyMatch(cause -> cause.contains(status));
    }

    @Test
    void anUpstreamTransactionLeftOpenIsShownUntilItIsAborted(TestRuntime runtime) throws Exception {
        this.runtime = runtime;
        topics = runtime.createTopics();
        String commands = topics.name(PaymentTopic.COMMANDS);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ProcessorService processor = ProcessorService.start(config(runtime.registryUrl(), Map.of(
                     "processor.stall.check.interval", "200ms", "processor.stall.alert.after", "1s")), meters);
             KafkaProducer<byte[], byte[]> upstream = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                     ProducerConfig.TRANSACTIONAL_ID_CONFIG, runtime.id() + "-upstream"),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            upstream.initTransactions();
            upstream.beginTransaction();
            RecordMetadata at = upstream.send(new ProducerRecord<>(commands, utf8("alice"), runtime.serdes()
                    .<SpecificRecord>forTopic(PaymentTopic.COMMANDS).serializer().serialize(commands,
                            new OpenAccount("o-alice", "alice", "EUR", AccountKind.CUSTOMER, NOW)))).get();
            String partition = Integer.toString(at.partition());

            await().atMost(Duration.ofSeconds(30)).until(() -> gauge(meters, "payments.input.uncommitted.records", partition) >= 1
                    && gauge(meters, "payments.input.stalled.seconds", partition) >= 1
                    && processor.health().details().stream().anyMatch(line -> line.contains("open transaction")));
            upstream.abortTransaction();
            await().atMost(Duration.ofSeconds(30)).until(() -> gauge(meters, "payments.input.stalled.seconds", partition) == 0
                    && processor.health().details().isEmpty());
            await().atMost(Duration.ofSeconds(30)).until(() -> processor.state() == KafkaStreams.State.RUNNING);
        }
    }

    /**
     * An await that lets stream threads die: each retry of an outage replaces the stream thread,
     * whose exception would otherwise fail the await (Awaitility catches uncaught exceptions).
     */
    private static ConditionFactory waitOut() {
        return await().dontCatchUncaughtExceptions();
    }

    private static double gauge(SimpleMeterRegistry meters, String name, String partition) {
        return meters.get(name).tags("topic", PaymentTopic.COMMANDS.baseName(), "partition", partition).gauge().value();
    }

    private void openAndFund(KafkaProducer<byte[], byte[]> raw, AnswerFollower answers, String... customers)
            throws Exception {
        send(raw, "bank", new OpenAccount("open-bank", "bank", "EUR", AccountKind.SETTLEMENT, NOW));
        for (String customer : customers) {
            send(raw, customer, new OpenAccount("open-" + customer, customer, "EUR", AccountKind.CUSTOMER, NOW));
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> List.of(customers).stream()
                .allMatch(c -> !answers.results("open-" + c).isEmpty()) && !answers.results("open-bank").isEmpty());
        send(raw, "bank", new TransferRequest("fund", "bank", customers[0], 1_000_000L, "EUR", NOW, null));
        await().atMost(Duration.ofMinutes(1)).until(() -> !answers.results("fund").isEmpty());
    }

    private void send(KafkaProducer<byte[], byte[]> raw, String key, SpecificRecord value) throws Exception {
        String commands = topics.name(PaymentTopic.COMMANDS);
        raw.send(new ProducerRecord<>(commands, utf8(key), runtime.serdes().<SpecificRecord>forTopic(PaymentTopic.COMMANDS)
                .serializer().serialize(commands, value))).get();
    }

    private KafkaProducer<byte[], byte[]> rawProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4_000_000), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private ProcessorConfig config(String registryUrl, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "bootstrap.servers", runtime.bootstrapServers(),
                "schema.registry.url", registryUrl,
                "topics.prefix", topics.prefix(),
                "processor.application.id", runtime.id() + "-processor",
                "processor.state.dir", dir.resolve("processor").toString(),
                "processor.http.port", "0"));
        settings.putAll(runtime.processorSecrets());
        settings.putAll(extra);
        return ProcessorConfig.from(Settings.of(settings));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
