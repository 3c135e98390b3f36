package io.payments.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payments.avro.AccountKind;
import io.payments.avro.LedgerEntry;
import io.payments.avro.Leg;
import io.payments.avro.OpenAccount;
import io.payments.avro.Outcome;
import io.payments.avro.TransferRequest;
import io.payments.avro.TransferResult;
import io.payments.runtime.ChildJvm;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import io.payments.testkit.LocalRuntimeExtension;
import io.payments.testkit.TestRuntime;
import io.payments.testkit.TopicReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 transfers among 1,000 accounts on 6 partitions while the processor, a separate JVM, is
 * killed with SIGKILL three times and restarted. Afterwards every request has exactly one result,
 * every account's entries are contiguous with balances equal to their running sum, and the final
 * balances equal a model's. Accounts are funded so that no outcome depends on how credits and
 * later commands interleave.
 */
@ExtendWith(LocalRuntimeExtension.class)
class ProcessorCrashIT {

    private static final int ACCOUNTS = 1_000;
    private static final int TRANSFERS = 100_000;
    private static final long FUNDING = 1_000_000;
    private static final double[] KILL_AT = {0.2, 0.45, 0.7};

    @TempDir
    Path dir;

    @Test
    void nothingIsLostOrDoubledWhenTheProcessorIsKilled(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        assertThat(topics.layout().partitions()).isGreaterThanOrEqualTo(6);
        Path config = writeConfig(runtime, topics);
        Deserializer<SpecificRecord> resultReader = runtime.serdes().<SpecificRecord>forTopic(PaymentTopic.TRANSFER_RESULTS).deserializer();
        Map<String, Long> expectedBalances = new HashMap<>();
        Map<String, Outcome> expectedOutcomes = new HashMap<>();
        Map<String, Integer> expectedResults = new HashMap<>();

        try (ResultTally tally = new ResultTally(runtime.bootstrapServers(), topics.name(PaymentTopic.TRANSFER_RESULTS), resultReader);
             KafkaProducer<String, SpecificRecord> producer = producer(runtime)) {
            ProcessorProcess processor = new ProcessorProcess(config, dir.resolve("processor.log"));
            processor.start();

            String commands = topics.name(PaymentTopic.COMMANDS);
            producer.send(new ProducerRecord<>(commands, "bank", new OpenAccount("open", "bank", "EUR", AccountKind.SETTLEMENT, System.currentTimeMillis())));
            expect(expectedResults, expectedOutcomes, "bank", "open", Outcome.COMPLETED, 1);
            for (int i = 0; i < ACCOUNTS; i++) {
                producer.send(new ProducerRecord<>(commands, account(i), new OpenAccount("open", account(i), "EUR", AccountKind.CUSTOMER, System.currentTimeMillis())));
                expect(expectedResults, expectedOutcomes, account(i), "open", Outcome.COMPLETED, 1);
            }
            producer.flush();
            await().atMost(Duration.ofMinutes(2)).until(() -> tally.total() >= ACCOUNTS + 1);

            for (int i = 0; i < ACCOUNTS; i++) {
                producer.send(new ProducerRecord<>(commands, "bank", transfer("fund-" + i, "bank", account(i), FUNDING)));
                expect(expectedResults, expectedOutcomes, "bank", "fund-" + i, Outcome.COMPLETED, 1);
                expectedBalances.merge("bank", -FUNDING, Long::sum);
                expectedBalances.merge(account(i), FUNDING, Long::sum);
            }
            producer.flush();
            await().atMost(Duration.ofMinutes(2)).until(() -> tally.total() >= 2L * ACCOUNTS + 1);

            Random random = new Random(42);
            for (int n = 1; n <= TRANSFERS; n++) {
                int from = random.nextInt(ACCOUNTS);
                int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                long amount = n % 700 == 0 ? 0 : 1 + random.nextInt(100);
                String destination = n % 500 == 0 ? "ghost-" + n : account(to);
                TransferRequest request = transfer("t-" + n, account(from), destination, amount);
                int copies = n % 100 == 0 ? 2 : 1;
                for (int copy = 0; copy < copies; copy++) {
                    producer.send(new ProducerRecord<>(commands, account(from), request));
                }
                Outcome outcome = amount == 0 ? Outcome.REJECTED : destination.startsWith("ghost") ? Outcome.REVERSED : Outcome.COMPLETED;
                expect(expectedResults, expectedOutcomes, account(from), "t-" + n, outcome, copies);
                if (outcome == Outcome.COMPLETED) {
                    expectedBalances.merge(account(from), -amount, Long::sum);
                    expectedBalances.merge(destination, amount, Long::sum);
                }
            }
            producer.flush();
            long expectedTotal = expectedResults.values().stream().mapToLong(Integer::longValue).sum();

            for (double fraction : KILL_AT) {
                await().atMost(Duration.ofMinutes(3)).until(() -> tally.total() >= fraction * expectedTotal);
                processor.kill();
                System.out.printf("%s SIGKILL of the processor at %d of %d results%n", Instant.now(), tally.total(), expectedTotal);
                processor.start();
            }
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> tally.total() >= expectedTotal);
            processor.stop();
            assertThat(processor.kills()).isEqualTo(KILL_AT.length);

            Map<String, List<TransferResult>> results = tally.byRequest();
            assertThat(results.keySet()).isEqualTo(expectedResults.keySet());
            results.forEach((request, list) -> {
                assertThat(list).as("results of %s", request).hasSize(expectedResults.get(request));
                assertThat(list).filteredOn(r -> !r.getDuplicate()).as("first results of %s", request).hasSize(1);
                assertThat(list).allSatisfy(r -> assertThat(r.getOutcome()).as("outcome of %s", request)
                        .isEqualTo(expectedOutcomes.get(request)));
            });
            assertThat(tally.total()).isEqualTo(expectedTotal);
        }

        List<ConsumerRecord<String, SpecificRecord>> entries = TopicReader.readAll(runtime.bootstrapServers(),
                topics.name(PaymentTopic.LEDGER_ENTRIES), runtime.serdes().<SpecificRecord>forTopic(PaymentTopic.LEDGER_ENTRIES).deserializer());
        Map<String, Long> versions = new HashMap<>();
        Map<String, Long> balances = new HashMap<>();
        Map<String, Integer> legsPerTransfer = new HashMap<>();
        for (ConsumerRecord<String, SpecificRecord> record : entries) {
            LedgerEntry entry = (LedgerEntry) record.value();
            assertThat(record.key()).isEqualTo(entry.getAccountId());
            long version = versions.merge(entry.getAccountId(), 1L, Long::sum);
            long balance = balances.merge(entry.getAccountId(), entry.getAmountMinor(), Math::addExact);
            assertThat(entry.getAccountVersion()).as("version of %s", entry.getAccountId()).isEqualTo(version);
            assertThat(entry.getBalanceAfterMinor()).as("balance after of %s v%d", entry.getAccountId(), version).isEqualTo(balance);
            if (!entry.getAccountId().equals("bank")) {
                assertThat(entry.getBalanceAfterMinor()).isNotNegative();
            }
            legsPerTransfer.merge(entry.getSourceAccountId() + "/" + entry.getTransferId() + "/" + entry.getLeg(), 1, Integer::sum);
        }
        assertThat(legsPerTransfer.values()).as("each leg of each transfer applied once").allMatch(count -> count == 1);
        expectedBalances.forEach((account, expected) -> {
            if (!account.startsWith("ghost")) {
                assertThat(balances.getOrDefault(account, 0L)).as("final balance of %s", account).isEqualTo(expected);
            }
        });
        assertThat(balances.values().stream().mapToLong(Long::longValue).sum()).as("money is conserved").isZero();
        assertThat(legsPerTransfer.keySet().stream().filter(k -> k.endsWith("/" + Leg.REFUND)).count())
                .isEqualTo(expectedOutcomes.values().stream().filter(o -> o == Outcome.REVERSED).count());
    }

    private static void expect(Map<String, Integer> results, Map<String, Outcome> outcomes, String source, String id,
                               Outcome outcome, int copies) {
        results.put(source + "/" + id, copies);
        outcomes.put(source + "/" + id, outcome);
    }

    private static String account(int i) {
        return "a" + i;
    }

    private static TransferRequest transfer(String id, String from, String to, long amount) {
        return new TransferRequest(id, from, to, amount, "EUR", System.currentTimeMillis(), null);
    }

    private Path writeConfig(TestRuntime runtime, Topics topics) throws IOException {
        Path file = dir.resolve("processor.properties");
        Files.writeString(file, String.join("\n",
                "bootstrap.servers=" + runtime.bootstrapServers(),
                "schema.registry.url=" + runtime.registryUrl(),
                "topics.prefix=" + topics.prefix(),
                "processor.application.id=" + runtime.id() + "-processor",
                "processor.state.dir=" + dir.resolve("state"),
                "processor.http.port=0",
                "processor.leg.secret=" + runtime.processorSecrets().get("processor.leg.secret"),
                // A killed member leaves the group when its session times out: keep that short.
                "kafka.session.timeout.ms=6000",
                "kafka.heartbeat.interval.ms=1500", ""));
        return file;
    }

    private static KafkaProducer<String, SpecificRecord> producer(TestRuntime runtime) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(config, new StringSerializer(),
                runtime.serdes().<SpecificRecord>forTopic(PaymentTopic.COMMANDS).serializer());
    }

    /** The processor in a JVM of its own, so it can be killed like a crashed machine. */
    private static final class ProcessorProcess {
        private final Path config;
        private final Path log;
        private Process process;
        private int kills;

        ProcessorProcess(Path config, Path log) {
            this.config = config;
            this.log = log;
        }

        void start() throws IOException {
            process = ChildJvm.start(List.of("-Xmx512m"), ProcessorMain.class, List.of(config.toString()), log);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor();
            kills++;
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }

        int kills() {
            return kills;
        }
    }

    /** Follows the results topic (read_committed) in the background and counts results per request. */
    private static final class ResultTally implements AutoCloseable {
        private final Map<String, List<TransferResult>> byRequest = new ConcurrentHashMap<>();
        private final AtomicLong total = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        ResultTally(String bootstrapServers, String topic, Deserializer<SpecificRecord> values) {
            Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.GROUP_ID_CONFIG, "tally-" + topic,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            thread = new Thread(() -> {
                try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
                    consumer.subscribe(List.of(topic));
                    while (running.get()) {
                        for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
                            TransferResult result = (TransferResult) record.value();
                            byRequest.computeIfAbsent(result.getSourceAccountId() + "/" + result.getTransferId(),
                                    k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(result);
                            total.incrementAndGet();
                        }
                    }
                }
            }, "result-tally");
            thread.start();
        }

        long total() {
            return total.get();
        }

        Map<String, List<TransferResult>> byRequest() {
            return byRequest;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
