package io.payments.tools.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.payments.avro.AccountKind;
import io.payments.avro.OpenAccount;
import io.payments.avro.Outcome;
import io.payments.avro.PlaceHold;
import io.payments.avro.PostHold;
import io.payments.avro.TransferRequest;
import io.payments.local.LocalPipeline;
import io.payments.local.PipelineSettings;
import io.payments.processor.ProcessorService;
import io.payments.processor.config.ProcessorConfig;
import io.payments.runtime.LocalSecrets;
import io.payments.schemas.registry.HttpSchemaRegistryClient;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.TopicLayout;
import io.payments.schemas.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Processor throughput next to its peer, on the same broker in one invocation. The measured inputs
 * are written to Kafka before the measured app starts (the processor's accounts are opened and
 * funded by a run before, {@link #runProcessor}), so the measure is processing, not producing. Each app first
 * works through a warm-up share of its input; the clock runs from the end of the warm-up until the
 * last output is committed: transfers/s for the processor (one result per transfer), records/s
 * for the peer (one output per record). Then the processor again, on topics and state of its own,
 * with the same number of commands as holds each followed by its whole post, the two-phase way
 * to move the same money: holds/s, a hold counted with its post's result.
 */
record ProcessorBenchmark(String bootstrapServers, String registryUrl, Path workDir, PrintWriter out) {

    /** Long enough that no hold expires while measured: the deadline is stored, never reached. */
    private static final long HOLD_TIMEOUT_SECONDS = 3_600;

    /**
     * {@code randomIds}: transfer ids in random order instead of increasing order; {@code overrides}
     * are settings for the ledger processor only, the peer stays bare.
     */
    record Workload(int accounts, long transfers, long warmup, int partitions, int threads, Duration commitInterval,
                    boolean randomIds, Map<String, String> overrides) {
    }

    record Result(ThroughputMeter.Measurement peer, ThroughputMeter.Measurement processor,
                  ThroughputMeter.Measurement holdThenPost) {
    }

    /** What the processor's measured commands are: a transfer each, or a hold (1 h timeout) and its whole post. */
    enum Flow {
        TRANSFERS(1), HOLD_THEN_POST(2);

        /** Commands, and results, per transfer or hold. */
        final int commands;

        Flow(int commands) {
            this.commands = commands;
        }
    }

    Result run(Workload workload, String runId) throws Exception {
        return new Result(runPeer(workload, runId), runProcessor(workload, runId, Flow.TRANSFERS),
                runProcessor(workload, runId + "-holds", Flow.HOLD_THEN_POST));
    }

    private ThroughputMeter.Measurement runPeer(Workload workload, String runId) throws Exception {
        String input = runId + ".peer-input";
        String output = runId + ".peer-output";
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Topics.createOthers(admin, workload.partitions(), List.of(input, output));
        }
        long records = workload.warmup() + workload.transfers();
        out.printf("peer: writing %,d records to %s …%n", records, input);
        out.flush();
        Random random = new Random(7);
        SendFailures failures = new SendFailures();
        try (KafkaProducer<String, Long> producer = producer(new LongSerializer())) {
            for (long i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(input, account(random.nextInt(workload.accounts())), 1L + random.nextInt(100)),
                        failures.callback());
            }
        }
        failures.requireNone(input);
        Properties properties = streamsBase(runId + "-peer", workload);
        try (RecordCounter counter = new RecordCounter(bootstrapServers, output);
             KafkaStreams peer = new KafkaStreams(SumByKeyPeer.topology(input, output), properties)) {
            peer.start();
            return ThroughputMeter.measure("peer", counter::count, workload.warmup(), records, Duration.ofMinutes(30), out);
        }
    }

    /**
     * Accounts are opened and funded by a first run of the processor, stopped once every funding is
     * credited; only then are the measured commands written and the processor started again on the
     * same state. Written all at once, the commands would be processed before the funding credits
     * (which the processor writes later, so they carry later broker times) and rejected.
     */
    private ThroughputMeter.Measurement runProcessor(Workload workload, String runId, Flow flow) throws Exception {
        Topics topics = new Topics(runId + ".", new TopicLayout(workload.partitions(), (short) 1, 1));
        String commands = topics.name(PaymentTopic.COMMANDS);
        PaymentSerdes serdes = new PaymentSerdes(new HttpSchemaRegistryClient(registryUrl), true);
        long funded = workload.accounts() + 1L + workload.accounts();
        long warmupUnits = workload.warmup() / flow.commands;
        long measuredUnits = workload.transfers() / flow.commands;
        long warmupResults = funded + warmupUnits * flow.commands;
        long totalResults = warmupResults + measuredUnits * flow.commands;
        PipelineSettings settings = PipelineSettings.on(bootstrapServers, registryUrl)
                .topics(topics.prefix(), workload.partitions())
                .processor(runId + "-processor", workDir.resolve("processor-" + runId))
                .with(ProcessorConfig.THREADS, workload.threads())
                .with(ProcessorConfig.COMMIT_INTERVAL, workload.commitInterval().toMillis() + "ms")
                .with(ProcessorConfig.HTTP_PORT, 0)
                .with(LocalSecrets.of(workDir))
                .with(workload.overrides());
        ProcessorConfig config = settings.processorConfig();
        LocalPipeline.createTopics(settings);
        Serializer<SpecificRecord> serializer = serdes.<SpecificRecord>forTopic(PaymentTopic.COMMANDS).serializer();
        long now = System.currentTimeMillis();
        try (RecordCounter counter = new RecordCounter(bootstrapServers, topics.name(PaymentTopic.TRANSFER_RESULTS))) {
            out.printf("processor: opening and funding %,d accounts on %s …%n", workload.accounts(), commands);
            out.flush();
            send(serializer, commands, producer -> {
                producer.accept("bank", new OpenAccount("open", "bank", "EUR", AccountKind.SETTLEMENT, now));
                for (int i = 0; i < workload.accounts(); i++) {
                    producer.accept(account(i), new OpenAccount("open", account(i), "EUR", AccountKind.CUSTOMER, now));
                }
                for (int i = 0; i < workload.accounts(); i++) {
                    producer.accept("bank", new TransferRequest("fund-" + i, "bank", account(i), 1_000_000_000L, "EUR",
                            now, null));
                }
            });
            SimpleMeterRegistry fundingMeters = new SimpleMeterRegistry();
            try (ProcessorService processor = ProcessorService.start(config, fundingMeters)) {
                ThroughputMeter.measure("funding", counter::count, 0, funded, Duration.ofMinutes(30), out);
            }
            requireAllAccepted(fundingMeters);

            out.printf("processor: writing %,d commands to %s …%n", totalResults - funded, commands);
            out.flush();
            Random random = new Random(7);
            Random idRandom = new Random(11);
            send(serializer, commands, producer -> {
                for (long n = 0; n < warmupUnits + measuredUnits; n++) {
                    int from = random.nextInt(workload.accounts());
                    int to = (from + 1 + random.nextInt(workload.accounts() - 1)) % workload.accounts();
                    String id = workload.randomIds() ? new UUID(idRandom.nextLong(), idRandom.nextLong()).toString()
                            : Long.toString(n);
                    long amount = 1L + random.nextInt(100);
                    String key = account(from);
                    if (flow == Flow.TRANSFERS) {
                        producer.accept(key, new TransferRequest("t-" + id, key, account(to), amount, "EUR", now, null));
                    } else {
                        producer.accept(key, new PlaceHold("h-" + id, key, account(to), amount, "EUR",
                                HOLD_TIMEOUT_SECONDS, now, null));
                        producer.accept(key, new PostHold("p-" + id, key, "h-" + id, null, now));
                    }
                }
            });
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (ProcessorService processor = ProcessorService.start(config, meters)) {
                ThroughputMeter.Measurement results = ThroughputMeter.measure(flow == Flow.TRANSFERS ? "ledger" : "holds",
                        counter::count, warmupResults, totalResults, Duration.ofMinutes(60), out);
                requireAllAccepted(meters);
                return new ThroughputMeter.Measurement(results.name(), measuredUnits, results.elapsed());
            }
        }
    }

    /** Writes what {@code commands} hands it, keyed, and fails when any send did. */
    private void send(Serializer<SpecificRecord> serializer, String topic,
                      Consumer<BiConsumer<String, SpecificRecord>> commands) {
        SendFailures failures = new SendFailures();
        try (KafkaProducer<String, SpecificRecord> producer = producer(serializer)) {
            commands.accept((key, command) -> producer.send(new ProducerRecord<>(topic, key, command), failures.callback()));
        }
        failures.requireNone(topic);
    }

    /** A rejected command is cheaper than an applied one: a run with any would measure the wrong work. */
    private static void requireAllAccepted(SimpleMeterRegistry meters) {
        for (Counter results : meters.find("payments.requests").counters()) {
            String outcome = results.getId().getTag("outcome");
            if (results.count() > 0 && !Outcome.COMPLETED.name().equals(outcome) && !Outcome.HELD.name().equals(outcome)) {
                throw new IllegalStateException("The workload's commands were not all applied: " + (long) results.count()
                        + " results " + results.getId().getTags() + "; the measurement is void");
            }
        }
    }

    private Properties streamsBase(String applicationId, Workload workload) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, workDir.resolve("peer").toString());
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, workload.threads());
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, workload.commitInterval().toMillis());
        return properties;
    }

    private <V> KafkaProducer<String, V> producer(Serializer<V> values) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // One request in flight: a CI run once saw the broker refuse a partition's batches with
        // OutOfOrderSequenceException (the client restarted the sequence at 0) until they expired.
        // Preloading is not measured, so the slower, simpler ordering costs nothing that counts.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return new KafkaProducer<>(config, new StringSerializer(), values);
    }

    private static String account(int index) {
        return "a" + index;
    }
}
