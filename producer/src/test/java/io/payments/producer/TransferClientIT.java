package io.payments.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payments.avro.AccountKind;
import io.payments.avro.Outcome;
import io.payments.avro.RejectReason;
import io.payments.avro.TransferRequest;
import io.payments.avro.TransferResult;
import io.payments.ledger.Money;
import io.payments.processor.ProcessorService;
import io.payments.processor.config.ProcessorConfig;
import io.payments.producer.client.InvalidRequestException;
import io.payments.producer.client.OutcomeTimeoutException;
import io.payments.producer.client.Submission;
import io.payments.producer.client.TransferClient;
import io.payments.producer.client.TransferOrder;
import io.payments.schemas.config.Settings;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import io.payments.testkit.LocalRuntimeExtension;
import io.payments.testkit.TestRuntime;
import io.payments.testkit.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalRuntimeExtension.class)
class TransferClientIT {

    @TempDir
    Path dir;

    @Test
    void requestsLandOnTheirAccountsPartitionAndDecodeToWhatWasSent(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        List<TransferRequest> sent = new ArrayList<>();
        try (TransferClient client = TransferClient.connect(config(runtime, topics, false))) {
            for (int i = 0; i < 50; i++) {
                TransferRequest request = new TransferRequest("t-" + i, "acc-" + i, "acc-" + (i + 1), 100L + i, "EUR",
                        1_700_000_000_000L + i, i % 2 == 0 ? Map.of("invoice", "INV-" + i) : null);
                client.send(request).acknowledged().get(30, TimeUnit.SECONDS);
                sent.add(request);
            }
        }
        List<ConsumerRecord<String, SpecificRecord>> records = TopicReader.readAll(runtime.bootstrapServers(),
                topics.name(PaymentTopic.COMMANDS), runtime.serdes().<SpecificRecord>forTopic(PaymentTopic.COMMANDS).deserializer());
        assertThat(records).hasSize(50);
        for (ConsumerRecord<String, SpecificRecord> record : records) {
            TransferRequest request = (TransferRequest) record.value();
            assertThat(record.key()).isEqualTo(request.getSourceAccountId());
            assertThat(record.partition()).as("partition of key %s", record.key()).isEqualTo(
                    Utils.toPositive(Utils.murmur2(record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                            % topics.layout().partitions());
        }
        assertThat(records.stream().map(r -> (TransferRequest) r.value()).toList()).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void aResendIsByteForByteTheSameRequest(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        try (TransferClient client = TransferClient.connect(config(runtime, topics, false))) {
            Submission first = client.submit(TransferOrder.of("acc-1", "acc-2", "12.34", "EUR").withTransferId("t-retry"));
            first.acknowledged().get(30, TimeUnit.SECONDS);
            TransferRequest stored = (TransferRequest) TopicReader.readAll(runtime.bootstrapServers(),
                    topics.name(PaymentTopic.COMMANDS), runtime.serdes().<SpecificRecord>forTopic(PaymentTopic.COMMANDS)
                            .deserializer()).get(0).value();
            client.send(stored).acknowledged().get(30, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<String, byte[]>> raw = TopicReader.readAll(runtime.bootstrapServers(),
                topics.name(PaymentTopic.COMMANDS), new ByteArrayDeserializer());
        assertThat(raw).hasSize(2);
        assertThat(raw.get(0).value()).isEqualTo(raw.get(1).value());
        assertThat(raw.get(0).key()).isEqualTo(raw.get(1).key()).isEqualTo("acc-1");
    }

    @Test
    void invalidInputThrowsNamingTheFieldAndNothingIsPublished(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        try (TransferClient client = TransferClient.connect(config(runtime, topics, false))) {
            assertField(() -> TransferOrder.of("a", "b", "1.005", "EUR"), "amount");
            assertField(() -> TransferOrder.of("a", "b", "10", "EURO"), "currency");
            assertField(() -> client.submit(new TransferOrder("t", "a", "b", Money.of(0, "EUR"), null)), "amount");
            assertField(() -> client.submit(new TransferOrder("t", "a", "b", Money.of(-5, "EUR"), null)), "amount");
            assertField(() -> client.submit(new TransferOrder(" ", "a", "b", Money.of(5, "EUR"), null)), "transferId");
            assertField(() -> client.submit(new TransferOrder("t", null, "b", Money.of(5, "EUR"), null)), "sourceAccountId");
            assertField(() -> client.submit(new TransferOrder("t", "a", "", Money.of(5, "EUR"), null)), "destinationAccountId");
            assertField(() -> client.send(new TransferRequest("t", "a", "b", 5L, "XYZ", 0L, null)), "currency");
            assertField(() -> client.openAccount("acc", "EUR", null), "kind");
            TransferOrder hold = new TransferOrder("h", "a", "b", Money.of(5, "EUR"), null);
            assertField(() -> client.hold(hold, Duration.ZERO), "timeout");
            assertField(() -> client.hold(hold, Duration.ofMillis(1_500)), "timeout");
            assertField(() -> client.hold(hold, Duration.ofDays(32)), "timeout");
            assertField(() -> client.post("p", "a", "", null), "holdId");
            assertField(() -> client.post("p", "a", "h", Money.of(0, "EUR")), "amount");
            assertField(() -> client.voidHold("", "a", "h"), "voidId");
            client.flush();
        }
        assertThat(TopicReader.readAll(runtime.bootstrapServers(), topics.name(PaymentTopic.COMMANDS),
                new ByteArrayDeserializer())).as("nothing published").isEmpty();
    }

    @Test
    void theOutcomeFutureCompletesForAcceptedAndRejectedTransfers(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        Map<String, String> processor = new HashMap<>(Map.of("bootstrap.servers", runtime.bootstrapServers(),
                "schema.registry.url", runtime.registryUrl(), "topics.prefix", topics.prefix(),
                "processor.application.id", runtime.id() + "-processor", "processor.state.dir", dir.toString(),
                "processor.http.port", "0"));
        processor.putAll(runtime.processorSecrets());
        try (ProcessorService ledger = ProcessorService.start(ProcessorConfig.from(Settings.of(processor)));
             TransferClient client = TransferClient.connect(config(runtime, topics, true))) {
            assertThat(outcome(client.openAccount("bank", "EUR", AccountKind.SETTLEMENT)).getOutcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(outcome(client.openAccount("alice", "EUR", AccountKind.CUSTOMER)).getOutcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(outcome(client.openAccount("bob", "EUR", AccountKind.CUSTOMER)).getOutcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(outcome(client.submit(TransferOrder.of("bank", "alice", "100.00", "EUR"))).getOutcome())
                    .isEqualTo(Outcome.COMPLETED);

            TransferOrder order = TransferOrder.of("alice", "bob", "30.00", "EUR");
            TransferResult completed = outcome(client.submit(order));
            assertThat(completed.getOutcome()).isEqualTo(Outcome.COMPLETED);
            TransferResult retried = outcome(client.submit(order));
            assertThat(retried.getOutcome()).as("a retry with the same id gets the original outcome").isEqualTo(Outcome.COMPLETED);
            assertThat(retried.getDuplicate()).isTrue();

            TransferResult rejected = outcome(client.submit(TransferOrder.of("alice", "bob", "70.01", "EUR")));
            assertThat(rejected.getOutcome()).isEqualTo(Outcome.REJECTED);
            assertThat(rejected.getReason()).isEqualTo(RejectReason.INSUFFICIENT_FUNDS);
            assertThat(rejected.getObservedBalanceMinor()).isEqualTo(7_000);

            TransferOrder reserve = TransferOrder.of("alice", "bob", "50.00", "EUR");
            assertThat(outcome(client.hold(reserve, Duration.ofMinutes(5))).getOutcome()).isEqualTo(Outcome.HELD);
            TransferResult posted = outcome(client.post("post-1", "alice", reserve.transferId(), Money.of(2_000, "EUR")));
            assertThat(posted).extracting(TransferResult::getOutcome, TransferResult::getAmountMinor, TransferResult::getHoldId)
                    .containsExactly(Outcome.COMPLETED, 2_000L, reserve.transferId());
            assertThat(outcome(client.voidHold("void-1", "alice", reserve.transferId())).getReason())
                    .isEqualTo(RejectReason.PENDING_TRANSFER_ALREADY_POSTED);
        }
    }

    @Test
    void anOutcomeThatDoesNotArriveTimesOutWithAClearError(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        Map<String, String> settings = new HashMap<>(settings(runtime, topics, true));
        settings.put("client.outcome.timeout", "500ms");
        try (TransferClient client = TransferClient.connect(TransferClient.Config.from(Settings.of(settings)))) {
            Submission submission = client.submit(TransferOrder.of("alice", "bob", "1.00", "EUR").withTransferId("t-lost"));
            submission.acknowledged().get(30, TimeUnit.SECONDS);
            assertThatThrownBy(() -> submission.outcome().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(OutcomeTimeoutException.class)
                    .hasMessageContaining("No result for transfer t-lost from alice within 500 ms")
                    .hasMessageContaining("submit it again with the same transfer id");
        }
    }

    private static TransferResult outcome(Submission submission) throws Exception {
        return submission.outcome().get(60, TimeUnit.SECONDS);
    }

    private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.field()).isEqualTo(field)).hasMessageStartingWith(field + ": ");
    }

    private static TransferClient.Config config(TestRuntime runtime, Topics topics, boolean follow) {
        return TransferClient.Config.from(Settings.of(settings(runtime, topics, follow)));
    }

    private static Map<String, String> settings(TestRuntime runtime, Topics topics, boolean follow) {
        return Map.of("bootstrap.servers", runtime.bootstrapServers(), "schema.registry.url", runtime.registryUrl(),
                "topics.prefix", topics.prefix(), "client.follow.results", Boolean.toString(follow));
    }

}
