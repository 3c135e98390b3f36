package io.payments.processor.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.payments.avro.AccountBalance;
import io.payments.avro.AccountKind;
import io.payments.avro.LedgerEntry;
import io.payments.avro.OpenAccount;
import io.payments.avro.Outcome;
import io.payments.avro.TransferRequest;
import io.payments.avro.TransferResult;
import io.payments.processor.errors.DeadLetterHandler;
import io.payments.processor.legs.LegAuthentication;
import io.payments.processor.legs.LegKeys;
import io.payments.processor.metrics.LedgerMeters;
import io.payments.schemas.registry.InMemorySchemaRegistry;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** The real topology in a TopologyTestDriver, with an in-memory registry and helpers to send and read. */
final class TopologyFixture implements AutoCloseable {

    /** The requests' own time, and the broker time records get unless a test sets another. */
    static final long REQUESTED_AT = 1_700_000_000_000L;
    /** The driver feeds every record to partition 0: with one partition, every key belongs there. */
    static final LedgerTopology.Options OPTIONS = LedgerTopology.Options.DEFAULT.withPartitions(1);
    /** A key of the tests' own; a new topic has no unsigned legs from an earlier release. */
    static final LegKeys KEYS = LegKeys.parse("test-1:" + java.util.Base64.getEncoder().encodeToString(new byte[32]), "");
    static final LegAuthentication LEGS = LegAuthentication.of(KEYS, Map.of());

    final Topics topics = Topics.DEFAULT;
    final PaymentSerdes serdes = new PaymentSerdes(new InMemorySchemaRegistry(), true);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final TopologyTestDriver driver;
    final TestInputTopic<String, SpecificRecord> commands;
    final TestInputTopic<byte[], byte[]> rawCommands;
    final TestInputTopic<String, SpecificRecord> credits;
    final TestInputTopic<byte[], byte[]> rawCredits;
    final TestOutputTopic<String, SpecificRecord> results;
    final TestOutputTopic<String, SpecificRecord> entries;
    final TestOutputTopic<String, SpecificRecord> balances;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    private long timestamp = REQUESTED_AT;
    private int nextId;

    TopologyFixture() {
        this(OPTIONS);
    }

    /**
     * bank (SETTLEMENT), alice and bob (CUSTOMER), all in EUR, and alice funded with 1,000 minor
     * units from bank; the entries so far read, so a test sees only its own.
     */
    static TopologyFixture withFundedAlice() {
        TopologyFixture ledger = new TopologyFixture();
        ledger.open("bank", "EUR", AccountKind.SETTLEMENT);
        ledger.open("alice", "EUR", AccountKind.CUSTOMER);
        ledger.open("bob", "EUR", AccountKind.CUSTOMER);
        TransferResult funded = ledger.transfer("bank", "alice", 1_000, "EUR");
        if (funded.getOutcome() != Outcome.COMPLETED) {
            throw new IllegalStateException("funding alice: " + funded);
        }
        ledger.entries();
        return ledger;
    }

    TopologyFixture(LedgerTopology.Options options) {
        this(options, LEGS);
    }

    TopologyFixture(LedgerTopology.Options options, LegAuthentication legs) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "ledger-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir());
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        config.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.name(PaymentTopic.DEAD_LETTERS));
        LedgerMeters ledgerMeters = new LedgerMeters(meters);
        config.put(LedgerMeters.CONFIG_KEY, ledgerMeters);
        driver = new TopologyTestDriver(LedgerTopology.build(topics, serdes, options, legs, ledgerMeters), config,
                Instant.EPOCH);
        commands = driver.createInputTopic(topics.name(PaymentTopic.COMMANDS), new StringSerializer(),
                serdes.<SpecificRecord>forTopic(PaymentTopic.COMMANDS).serializer());
        rawCommands = driver.createInputTopic(topics.name(PaymentTopic.COMMANDS), new ByteArraySerializer(),
                new ByteArraySerializer());
        credits = driver.createInputTopic(topics.name(PaymentTopic.CREDITS), new StringSerializer(),
                serdes.<SpecificRecord>forTopic(PaymentTopic.CREDITS).serializer());
        rawCredits = driver.createInputTopic(topics.name(PaymentTopic.CREDITS), new ByteArraySerializer(),
                new ByteArraySerializer());
        results = output(PaymentTopic.TRANSFER_RESULTS);
        entries = output(PaymentTopic.LEDGER_ENTRIES);
        balances = output(PaymentTopic.BALANCES);
        deadLetters = driver.createOutputTopic(topics.name(PaymentTopic.DEAD_LETTERS), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    private static String stateDir() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ledger-topology-");
            dir.toFile().deleteOnExit();
            return dir.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private TestOutputTopic<String, SpecificRecord> output(PaymentTopic topic) {
        return driver.createOutputTopic(topics.name(topic), new StringDeserializer(),
                serdes.<SpecificRecord>forTopic(topic).deserializer());
    }

    /** Sets the Kafka timestamp (the broker's LogAppendTime on a real cluster) of the records sent next. */
    void at(long millis) {
        timestamp = millis;
    }

    TransferResult open(String accountId, String currency, AccountKind kind) {
        return send(accountId, new OpenAccount("open-" + accountId, accountId, currency, kind, REQUESTED_AT));
    }

    TransferResult transfer(String from, String to, long amount, String currency) {
        return transfer("t" + (++nextId), from, to, amount, currency);
    }

    TransferResult transfer(String transferId, String from, String to, long amount, String currency) {
        return send(from, request(transferId, from, to, amount, currency));
    }

    static TransferRequest request(String transferId, String from, String to, long amount, String currency) {
        return new TransferRequest(transferId, from, to, amount, currency, REQUESTED_AT, Map.of("ref", transferId));
    }

    /** The broker time the next records get. */
    long now() {
        return timestamp;
    }

    /** Sends one command and returns its result (the only result it may produce). */
    TransferResult send(String key, SpecificRecord command) {
        commands.pipeInput(key, command, timestamp);
        List<TransferResult> produced = results();
        if (produced.size() != 1) {
            throw new AssertionError("expected exactly one result, got " + produced);
        }
        return produced.get(0);
    }

    List<TransferResult> results() {
        List<TransferResult> all = new ArrayList<>();
        results.readValuesToList().forEach(value -> all.add((TransferResult) value));
        return all;
    }

    /** Dead letters written since the last read, as their reason headers. */
    List<String> deadLetterReasons() {
        return deadLetters.readRecordsToList().stream().map(record -> new String(
                record.headers().lastHeader(io.payments.schemas.topics.DeadLetterHeaders.REASON).value(),
                java.nio.charset.StandardCharsets.UTF_8)).toList();
    }

    List<LedgerEntry> entries() {
        List<LedgerEntry> all = new ArrayList<>();
        entries.readValuesToList().forEach(value -> all.add((LedgerEntry) value));
        return all;
    }

    AccountBalance account(String id) {
        KeyValueStore<String, AccountBalance> store = driver.getKeyValueStore(LedgerTopology.ACCOUNTS_STORE);
        return store.get(id);
    }

    long requestsRemembered() {
        KeyValueStore<String, Object> store = driver.getKeyValueStore(LedgerTopology.REQUESTS_STORE);
        long count = 0;
        try (var all = store.all()) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
        return count;
    }

    @Override
    public void close() {
        driver.close();
    }
}
