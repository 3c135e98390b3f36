package io.payments.reconcile;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.payments.avro.AccountKind;
import io.payments.avro.CreditLeg;
import io.payments.avro.OpenAccount;
import io.payments.avro.Outcome;
import io.payments.avro.RefundLeg;
import io.payments.avro.RejectReason;
import io.payments.avro.RetryEcho;
import io.payments.avro.TransferRequest;
import io.payments.local.LocalPipeline;
import io.payments.local.PipelineSettings;
import io.payments.reconcile.audit.Findings;
import io.payments.reconcile.audit.Violation;
import io.payments.reconcile.audit.ViolationKind;
import io.payments.reconcile.config.ReconcileConfig;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import io.payments.testkit.AnswerFollower;
import io.payments.testkit.LocalRuntimeExtension;
import io.payments.testkit.TestRuntime;
import io.payments.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;


/**
 * With no ACLs at all, whoever reaches the broker still cannot move money through
 * payments.credits: a forged credit (framed with the registered credits schema, on the right
 * partition), a replay of a genuine credit leg, a genuine leg copied to another partition, a forged
 * refund and a forged retry echo are each dead-lettered with their reason; no entry is written, no
 * balance changes, the processor keeps running, and the reconciliation reports each.
 */
@ExtendWith(LocalRuntimeExtension.class)
class ForgedLegsIT {

    private static final long NOW = System.currentTimeMillis();
    private static final long HUNDRED_MILLION = 100_000_000L;

    @TempDir
    Path dir;

    @Test
    void noLegWrittenByAnyoneButTheProcessorMovesMoney(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        String commands = topics.name(PaymentTopic.COMMANDS);
        String credits = topics.name(PaymentTopic.CREDITS);
        PipelineSettings settings = TestPipelines.on(runtime, topics, dir);
        Serializer<SpecificRecord> commandValues = runtime.serdes().<SpecificRecord>forTopic(PaymentTopic.COMMANDS).serializer();
        Serializer<SpecificRecord> legValues = runtime.serdes().<SpecificRecord>forTopic(PaymentTopic.CREDITS).serializer();
        try (LocalPipeline pipeline = LocalPipeline.start(settings, new SimpleMeterRegistry());
             KafkaProducer<byte[], byte[]> anyone = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers()),
                     new ByteArraySerializer(), new ByteArraySerializer());
             AnswerFollower answers = new AnswerFollower(runtime, topics)) {
            for (String[] account : new String[][] {{"bank", "SETTLEMENT"}, {"alice", "CUSTOMER"}, {"bob", "CUSTOMER"}}) {
                send(anyone, commands, account[0], commandValues.serialize(commands, new OpenAccount("open-" + account[0],
                        account[0], "EUR", AccountKind.valueOf(account[1]), NOW)));
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> List.of("bank", "alice", "bob").stream()
                    .allMatch(a -> !answers.results("open-" + a).isEmpty()));
            send(anyone, commands, "bank", commandValues.serialize(commands, new TransferRequest("fund", "bank", "alice",
                    1_000L, "EUR", NOW, null)));
            // The funding's credit reaches alice's partition on its own time: wait for it before she spends.
            await().atMost(Duration.ofMinutes(1)).until(() -> !answers.results("fund").isEmpty());
            send(anyone, commands, "alice", commandValues.serialize(commands, new TransferRequest("genuine", "alice", "bob",
                    300L, "EUR", NOW, null)));
            await().atMost(Duration.ofMinutes(1)).until(() -> !answers.results("genuine").isEmpty());
            Map<String, Long> before = balances(pipeline);
            assertThat(before).containsEntry("alice", 700L).containsEntry("bob", 300L);

            ConsumerRecord<String, byte[]> genuine = TopicReader.readAll(runtime.bootstrapServers(), credits,
                    new ByteArrayDeserializer()).stream().filter(r -> r.key().equals("bob")).findFirst().orElseThrow();
            int otherPartition = (genuine.partition() + 1) % topics.layout().partitions();
            Map<String, String> expected = new HashMap<>();
            expected.put(send(anyone, credits, "bob", legValues.serialize(credits, new CreditLeg("forged-1", "alice", "bob",
                    HUNDRED_MILLION, "EUR", NOW, 99L, null, null, null, null, null))), "FORGED_LEG");
            expected.put(send(anyone, credits, genuine.partition(), genuine.key(), genuine.value()), "REPLAYED_LEG");
            expected.put(send(anyone, credits, otherPartition, genuine.key(), genuine.value()), "WRONG_PARTITION");
            expected.put(send(anyone, credits, "alice", legValues.serialize(credits, new RefundLeg("genuine", "alice", "bob",
                    HUNDRED_MILLION, "EUR", NOW, RejectReason.UNKNOWN_DESTINATION_ACCOUNT, null, null, 7L, null, null, null, null))),
                    "FORGED_LEG");
            expected.put(send(anyone, credits, "alice", legValues.serialize(credits, new RetryEcho("unknown-transfer",
                    "alice", "bob", null, null))), "FORGED_LEG");

            await().atMost(Duration.ofMinutes(1)).until(() -> expected.keySet().stream()
                    .allMatch(origin -> answers.deadLetter(origin) != null));
            expected.forEach((origin, reason) -> assertThat(answers.deadLetter(origin)).as(origin).isEqualTo(reason));
            assertThat(pipeline.processor().state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(balances(pipeline)).as("no balance moved").isEqualTo(before);
            assertThat(answers.results("forged-1")).isEmpty();
            assertThat(answers.results("genuine")).as("no second answer").hasSize(1)
                    .allSatisfy(result -> assertThat(result.getOutcome()).isEqualTo(Outcome.COMPLETED));
        }

        Findings findings = new Reconciler(ReconcileConfig.from(settings.settings())).run((phase, done, total) -> { });
        List<Violation> refused = findings.examples().getOrDefault(ViolationKind.LEG_REFUSED, List.of());
        assertThat(refused).as("the forged credit, the replay, the forged refund and the forged echo")
                .extracting(v -> v.detail().split(":")[0])
                .containsExactlyInAnyOrder("FORGED_LEG", "REPLAYED_LEG", "FORGED_LEG", "FORGED_LEG");
        assertThat(findings.counts()).as("%s", findings.examples()).containsOnlyKeys(ViolationKind.LEG_REFUSED);
        assertThat(findings.checked()).as("the copy on another partition, refused before anything else")
                .containsEntry("input records to dead-letter", 1L);
    }

    /** Balances of the accounts in PostgreSQL, once the pipeline has written everything. */
    private static Map<String, Long> balances(LocalPipeline pipeline) throws Exception {
        await().atMost(Duration.ofMinutes(1)).until(pipeline::caughtUp);
        Map<String, Long> balances = new HashMap<>();
        try (Connection connection = pipeline.database().getConnection(); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT account_id, balance_minor FROM account_balances")) {
            while (rows.next()) {
                balances.put(rows.getString(1), rows.getLong(2));
            }
        }
        return balances;
    }

    private static String send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value)
            throws Exception {
        return send(producer, topic, null, key, value);
    }

    private static String send(KafkaProducer<byte[], byte[]> producer, String topic, Integer partition, String key,
                               byte[] value) throws Exception {
        RecordMetadata at = producer.send(new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8),
                value)).get();
        return AnswerFollower.origin(at.topic(), at.partition(), at.offset());
    }
}
