package io.payments.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.payments.avro.AccountKind;
import io.payments.avro.LedgerEntry;
import io.payments.avro.Leg;
import io.payments.avro.OpenAccount;
import io.payments.avro.Outcome;
import io.payments.avro.RejectReason;
import io.payments.avro.TransferRequest;
import io.payments.avro.TransferResult;
import io.payments.processor.config.ProcessorConfig;
import io.payments.schemas.config.Settings;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.topics.DeadLetterHeaders;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import io.payments.testkit.LocalRuntimeExtension;
import io.payments.testkit.TestRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input, published straight to payments.commands with a raw producer between valid
 * transfers: every kind ends as a named rejection on payments.transfer-results or a dead letter
 * with its reason, the processor keeps running, and every valid transfer around them completes.
 * The README's table ("Bad input and what it gets") must list each kind with what it gets.
 */
@ExtendWith(LocalRuntimeExtension.class)
class BadInputCorpusIT {

    private static final Path README = Path.of("..", "README.md");
    private static final long NOW = System.currentTimeMillis();

    @TempDir
    Path dir;

    private PaymentSerdes serdes;
    private Serializer<SpecificRecord> commands;
    private String commandsTopic;

    /**
     * One kind of bad input: the record, what it must get ("REJECTED INVALID_FIELD (currency)",
     * "dead letter …") and the id its result carries (null for a dead letter).
     */
    private record Case(String kind, byte[] key, byte[] value, String expected, String resultId) {
    }

    private int nextId;

    @Test
    void everyKindOfBadInputGetsANamedAnswerAndValidTransfersAroundItComplete(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        serdes = runtime.serdes();
        commands = serdes.<SpecificRecord>forTopic(PaymentTopic.COMMANDS).serializer();
        commandsTopic = topics.name(PaymentTopic.COMMANDS);
        Map<String, List<TransferResult>> results = new ConcurrentHashMap<>();
        Map<String, String> deadLetters = new ConcurrentHashMap<>();
        try (ProcessorService processor = ProcessorService.start(ProcessorConfig.from(Settings.of(Map.of(
                     "bootstrap.servers", runtime.bootstrapServers(),
                     "schema.registry.url", runtime.registryUrl(),
                     "topics.prefix", topics.prefix(),
                     "processor.application.id", runtime.id() + "-processor",
                     "processor.state.dir", dir.toString(),
                     "processor.http.port", "0"))));
             KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers()),
                     new ByteArraySerializer(), new ByteArraySerializer());
             Follower follower = new Follower(runtime, topics, results, deadLetters)) {
            follower.start();
            setUp(raw, results);

            List<Case> corpus = corpus();
            assertThat(corpus).hasSizeGreaterThanOrEqualTo(30);
            Map<String, RecordMetadata> sent = new LinkedHashMap<>();
            List<String> valid = new ArrayList<>();
            for (int i = 0; i < corpus.size(); i++) {
                Case bad = corpus.get(i);
                sent.put(bad.kind(), raw.send(new ProducerRecord<>(commandsTopic, bad.key(), bad.value())).get());
                String id = "valid-" + i;
                raw.send(record("alice", new TransferRequest(id, "alice", "bob", 1L, "EUR", NOW, null))).get();
                valid.add(id);
            }

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() ->
                    corpus.stream().allMatch(bad -> bad.resultId() == null ? deadLetters.containsKey(origin(sent.get(bad.kind())))
                            : results.getOrDefault(bad.resultId(), List.of()).size() >= expected(corpus, bad.resultId()).size())
                    && valid.stream().allMatch(results::containsKey));
            for (Case bad : corpus) {
                if (bad.resultId() == null) {
                    assertThat("dead letter " + deadLetters.get(origin(sent.get(bad.kind())))).as(bad.kind())
                            .isEqualTo(bad.expected());
                } else {
                    // Results for one id come from different tasks (a rejection at once, a completion after the
                    // credit), so they are compared as a set, not in order.
                    assertThat(results.get(bad.resultId()).stream().map(BadInputCorpusIT::describe).toList()).as(bad.kind())
                            .containsExactlyInAnyOrderElementsOf(expected(corpus, bad.resultId()));
                }
            }
            assertThat(valid).allSatisfy(id -> assertThat(results.get(id)).as(id).singleElement()
                    .satisfies(result -> assertThat(result.getOutcome()).isEqualTo(Outcome.COMPLETED)));
            assertThat(processor.state()).isEqualTo(KafkaStreams.State.RUNNING);

            String readme = Files.readString(README);
            assertThat(corpus).allSatisfy(bad -> assertThat(readme).as("README row for %s", bad.kind())
                    .contains("| " + bad.kind() + " | " + bad.expected() + " |"));
        }
    }

    private static List<String> expected(List<Case> corpus, String resultId) {
        return corpus.stream().filter(c -> resultId.equals(c.resultId())).map(Case::expected).toList();
    }

    private static String origin(RecordMetadata at) {
        return at.partition() + "@" + at.offset();
    }

    private static String describe(TransferResult result) {
        StringBuilder text = new StringBuilder(result.getOutcome().name());
        if (result.getReason() != null) {
            text.append(' ').append(result.getReason());
        }
        if (result.getReason() == RejectReason.INVALID_FIELD) {
            text.append(" (").append(result.getReasonDetail().split(":")[0]).append(')');
        }
        if (result.getDuplicate()) {
            text.append(", a retry");
        }
        return text.toString();
    }

    /**
     * alice and bob (EUR customers: alice funded, bob with 100), usd (a USD customer), two EUR
     * settlement accounts, and full (funded by bank2 to a million short of the 64-bit limit).
     */
    private void setUp(KafkaProducer<byte[], byte[]> raw, Map<String, List<TransferResult>> results) throws Exception {
        for (String[] account : new String[][] {{"alice", "EUR", "CUSTOMER"}, {"bob", "EUR", "CUSTOMER"},
                {"usd", "USD", "CUSTOMER"}, {"full", "EUR", "CUSTOMER"}, {"bank", "EUR", "SETTLEMENT"},
                {"bank2", "EUR", "SETTLEMENT"}}) {
            raw.send(record(account[0], new OpenAccount("open-" + account[0], account[0], account[1],
                    AccountKind.valueOf(account[2]), NOW)));
        }
        raw.flush();
        // A credit can reach an account's partition before its opening does: open first, then fund.
        await().atMost(Duration.ofMinutes(2)).until(() -> Arrays.asList("alice", "bob", "usd", "full", "bank", "bank2").stream()
                .allMatch(account -> results.containsKey("open-" + account)));
        raw.send(record("bank", new TransferRequest("fund-alice", "bank", "alice", 1_000_000L, "EUR", NOW, null)));
        raw.send(record("bank", new TransferRequest("fund-bob", "bank", "bob", 100L, "EUR", NOW, null)));
        raw.send(record("bank2", new TransferRequest("fund-full", "bank2", "full", Long.MAX_VALUE - 1_000_001L, "EUR", NOW,
                null)));
        raw.flush();
        await().atMost(Duration.ofMinutes(2)).until(() -> Arrays.asList("fund-alice", "fund-bob", "fund-full").stream()
                .allMatch(id -> results.containsKey(id) && results.get(id).get(0).getOutcome() == Outcome.COMPLETED));
    }

    private List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        byte[] alice = utf8("alice");
        byte[] good = commands.serialize(commandsTopic, new TransferRequest("x", "alice", "bob", 5L, "EUR", NOW, null));
        // Bytes a producer other than ours might write: each is dead-lettered with the decoding failure.
        cases.add(new Case("empty value", alice, new byte[0], "dead letter EMPTY_PAYLOAD", null));
        cases.add(new Case("null value (tombstone)", alice, null, "dead letter NULL_VALUE", null));
        cases.add(new Case("JSON instead of Avro (wrong magic byte)", alice, utf8("{\"amount\": 5}"),
                "dead letter WRONG_MAGIC_BYTE", null));
        cases.add(new Case("only the magic byte and part of a schema id", alice, new byte[] {0, 0, 0},
                "dead letter TRUNCATED_PAYLOAD", null));
        byte[] unknownId = good.clone();
        unknownId[1] = 0x7f;
        cases.add(new Case("unknown schema id", alice, unknownId, "dead letter UNKNOWN_SCHEMA_ID", null));
        cases.add(new Case("Avro body cut short", alice, Arrays.copyOf(good, good.length / 2), "dead letter TRUNCATED_PAYLOAD", null));
        byte[] trailing = Arrays.copyOf(good, good.length + 3);
        cases.add(new Case("bytes left over after the Avro body", alice, trailing, "dead letter MALFORMED_PAYLOAD", null));
        byte[] garbage = new byte[64];
        System.arraycopy(good, 0, garbage, 0, 5);
        Arrays.fill(garbage, 5, garbage.length, (byte) 0xff);
        cases.add(new Case("garbage after a valid header", alice, garbage, "dead letter MALFORMED_PAYLOAD", null));
        Serializer<SpecificRecord> entries = serdes.<SpecificRecord>forTopic(PaymentTopic.LEDGER_ENTRIES).serializer();
        cases.add(new Case("a ledger entry (another topic's schema)", alice, entries.serialize("other",
                new LedgerEntry("alice", 1L, 5L, "EUR", 5L, "x", "alice", "bob", Leg.CREDIT, 0, 0L, NOW, NOW)),
                "dead letter SCHEMA_MISMATCH", null));
        // Well-formed records the ledger must refuse: each gets a result naming the reason.
        cases.add(command("negative amount", "alice", transfer("alice", "bob", -5, "EUR", null),
                "REJECTED NON_POSITIVE_AMOUNT"));
        cases.add(command("zero amount", "alice", transfer("alice", "bob", 0, "EUR", null),
                "REJECTED NON_POSITIVE_AMOUNT"));
        cases.add(command("amount above the balance", "bob", transfer("bob", "alice", 1_000, "EUR", null),
                "REJECTED INSUFFICIENT_FUNDS"));
        cases.add(command("Long.MAX_VALUE from a customer", "alice", transfer("alice", "bob", Long.MAX_VALUE, "EUR", null),
                "REJECTED INSUFFICIENT_FUNDS"));
        cases.add(command("settlement debit past the 64-bit range", "bank", transfer("bank", "bob", Long.MAX_VALUE, "EUR",
                null), "REJECTED AMOUNT_OVERFLOW"));
        cases.add(command("credit past the 64-bit range", "bank", transfer("bank", "full", 2_000_000L, "EUR", null),
                "REVERSED AMOUNT_OVERFLOW"));
        cases.add(command("unknown currency code", "alice", transfer("alice", "bob", 5, "ZZZ", null),
                "REJECTED INVALID_FIELD (currency)"));
        cases.add(command("lower-case currency", "alice", transfer("alice", "bob", 5, "eur", null),
                "REJECTED INVALID_FIELD (currency)"));
        cases.add(command("currency other than the source account's", "alice", transfer("alice", "bob", 5, "USD", null),
                "REJECTED CURRENCY_MISMATCH"));
        cases.add(command("currency other than the destination account's", "alice", transfer("alice", "usd", 5, "EUR",
                null), "REVERSED CURRENCY_MISMATCH"));
        cases.add(command("unknown source account", "ghost", transfer("ghost", "bob", 5, "EUR", null),
                "REJECTED UNKNOWN_SOURCE_ACCOUNT"));
        cases.add(command("unknown destination account", "alice", transfer("alice", "ghost", 5, "EUR", null),
                "REVERSED UNKNOWN_DESTINATION_ACCOUNT"));
        cases.add(command("transfer to the same account", "alice", transfer("alice", "alice", 5, "EUR", null),
                "REJECTED SAME_ACCOUNT"));
        cases.add(command("blank source account id", "", transfer("", "bob", 5, "EUR", null),
                "REJECTED INVALID_FIELD (sourceAccountId)"));
        cases.add(command("blank destination account id", "alice", transfer("alice", " ", 5, "EUR", null),
                "REJECTED INVALID_FIELD (destinationAccountId)"));
        cases.add(command("destination id of 65 characters", "alice", transfer("alice", "d".repeat(65), 5, "EUR", null),
                "REJECTED INVALID_FIELD (destinationAccountId)"));
        cases.add(command("source id with a control character", "al\u0007ice", transfer("al\u0007ice", "bob", 5, "EUR",
                null), "REJECTED INVALID_FIELD (sourceAccountId)"));
        cases.add(command("metadata with 17 entries", "alice", transfer("alice", "bob", 5, "EUR", metadata(17, 5)),
                "REJECTED INVALID_FIELD (metadata)"));
        cases.add(command("metadata value of 300 characters", "alice", transfer("alice", "bob", 5, "EUR", metadata(1, 300)),
                "REJECTED INVALID_FIELD (metadata)"));
        TransferRequest keyless = transfer("alice", "bob", 5, "EUR", null);
        cases.add(new Case("no record key", null, commands.serialize(commandsTopic, keyless), "REJECTED INVALID_FIELD (key)",
                keyless.getTransferId()));
        cases.add(command("key other than the source account", "bob", transfer("alice", "bob", 5, "EUR", null),
                "REJECTED INVALID_FIELD (key)"));
        String reused = "bad-" + nextId;
        cases.add(command("a transfer (its id is reused next)", "alice", transfer("alice", "bob", 7, "EUR", null),
                "COMPLETED"));
        cases.add(command("the same id with other content", "alice", new TransferRequest(reused, "alice", "bob", 8L, "EUR",
                NOW, null), "REJECTED ID_REUSED_WITH_DIFFERENT_CONTENT"));
        cases.add(command("the same request again (a retry)", "alice", new TransferRequest(reused, "alice", "bob", 7L, "EUR",
                NOW, null), "COMPLETED, a retry"));
        cases.add(command("opening an account that exists", "bob", new OpenAccount("bad-" + nextId++, "bob", "EUR",
                AccountKind.CUSTOMER, NOW), "REJECTED ACCOUNT_ALREADY_EXISTS"));
        cases.add(command("opening an account in an unknown currency", "new1", new OpenAccount("bad-" + nextId++, "new1", "ABC",
                AccountKind.CUSTOMER, NOW), "REJECTED INVALID_FIELD (currency)"));
        cases.add(command("opening an account with a blank id", " ", new OpenAccount("bad-" + nextId++, " ", "EUR",
                AccountKind.CUSTOMER, NOW), "REJECTED INVALID_FIELD (accountId)"));
        cases.add(command("transfer id with a space", "alice", new TransferRequest("bad " + nextId++, "alice", "bob", 5L, "EUR",
                NOW, null), "REJECTED INVALID_FIELD (transferId)"));
        return cases;
    }

    private Case command(String kind, String key, SpecificRecord value, String expected) {
        String id = value instanceof TransferRequest t ? t.getTransferId() : ((OpenAccount) value).getRequestId();
        return new Case(kind, utf8(key), commands.serialize(commandsTopic, value), expected, id);
    }

    private TransferRequest transfer(String from, String to, long amount, String currency, Map<String, String> metadata) {
        return new TransferRequest("bad-" + nextId++, from, to, amount, currency, NOW, metadata);
    }

    private static Map<String, String> metadata(int entries, int valueLength) {
        Map<String, String> metadata = new HashMap<>();
        for (int i = 0; i < entries; i++) {
            metadata.put("k" + i, "v".repeat(valueLength));
        }
        return metadata;
    }

    private ProducerRecord<byte[], byte[]> record(String key, SpecificRecord value) {
        return new ProducerRecord<>(commandsTopic, utf8(key), commands.serialize(commandsTopic, value));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Collects results by id and dead letters by their origin (partition@offset), read_committed. */
    private static final class Follower extends Thread implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final String resultsTopic;
        private final org.apache.kafka.common.serialization.Deserializer<SpecificRecord> decoder;
        private final Map<String, List<TransferResult>> results;
        private final Map<String, String> deadLetters;
        private volatile boolean running = true;

        Follower(TestRuntime runtime, Topics topics, Map<String, List<TransferResult>> results,
                 Map<String, String> deadLetters) {
            super("corpus-follower");
            this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                    new ByteArrayDeserializer());
            this.resultsTopic = topics.name(PaymentTopic.TRANSFER_RESULTS);
            this.decoder = runtime.serdes().<SpecificRecord>forTopic(PaymentTopic.TRANSFER_RESULTS).deserializer();
            this.results = results;
            this.deadLetters = deadLetters;
            var partitions = new ArrayList<org.apache.kafka.common.TopicPartition>();
            for (String topic : List.of(resultsTopic, topics.name(PaymentTopic.DEAD_LETTERS))) {
                for (int p = 0; p < topics.layout().partitions(); p++) {
                    partitions.add(new org.apache.kafka.common.TopicPartition(topic, p));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        @Override
        public void run() {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.topic().equals(resultsTopic)) {
                        TransferResult result = (TransferResult) decoder.deserialize(record.topic(), record.value());
                        results.computeIfAbsent(result.getTransferId(), id -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                .add(result);
                    } else {
                        deadLetters.put(header(record, DeadLetterHeaders.PARTITION) + "@" + header(record, DeadLetterHeaders.OFFSET),
                                header(record, DeadLetterHeaders.REASON));
                    }
                }
            }
            consumer.close();
        }

        private static String header(ConsumerRecord<String, byte[]> record, String name) {
            return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            join(5_000);
        }
    }
}
