package io.payments.tools.bench;

import io.payments.avro.AccountKind;
import io.payments.avro.OpenAccount;
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
 * Processor throughput next to its peer, on the same broker in one invocation. Inputs are written
 * to Kafka before either app starts, so the measure is processing, not producing. Each app first
 * works through a warm-up share of its input; the clock runs from the end of the warm-up until the
 * last output is committed: transfers/s for the processor (one result per transfer), records/s
 * for the peer (one output per record).
 */
record ProcessorBenchmark(String bootstrapServers, String registryUrl, Path workDir, PrintWriter out) {

    /**
     * {@code randomIds}: transfer ids in random order instead of increasing order; {@code overrides}
     * are settings for the ledger processor only, the peer stays bare.
     */
    record Workload(int accounts, long transfers, long warmup, int partitions, int threads, Duration commitInterval,
                    boolean randomIds, Map<String, String> overrides) {
    }

    record Result(ThroughputMeter.Measurement peer, ThroughputMeter.Measurement processor) {
    }

    Result run(Workload workload, String runId) throws Exception {
        return new Result(runPeer(workload, runId), runProcessor(workload, runId));
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

    private ThroughputMeter.Measurement runProcessor(Workload workload, String runId) throws Exception {
        Topics topics = new Topics(runId + ".", new TopicLayout(workload.partitions(), (short) 1, 1));
        String commands = topics.name(PaymentTopic.COMMANDS);
        PaymentSerdes serdes = new PaymentSerdes(new HttpSchemaRegistryClient(registryUrl), true);
        long opens = workload.accounts() + 1L;
        long warmupResults = opens + workload.accounts() + workload.warmup();
        long totalResults = warmupResults + workload.transfers();
        PipelineSettings settings = PipelineSettings.on(bootstrapServers, registryUrl)
                .topics(topics.prefix(), workload.partitions())
                .processor(runId + "-processor", workDir.resolve("processor"))
                .with(ProcessorConfig.THREADS, workload.threads())
                .with(ProcessorConfig.COMMIT_INTERVAL, workload.commitInterval().toMillis() + "ms")
                .with(ProcessorConfig.HTTP_PORT, 0)
                .with(LocalSecrets.of(workDir))
                .with(workload.overrides());
        ProcessorConfig config = settings.processorConfig();
        LocalPipeline.createTopics(settings);
        out.printf("processor: writing %,d commands to %s …%n", totalResults, commands);
        out.flush();
        Random random = new Random(7);
        Serializer<SpecificRecord> serializer = serdes.<SpecificRecord>forTopic(PaymentTopic.COMMANDS).serializer();
        SendFailures failures = new SendFailures();
        try (KafkaProducer<String, SpecificRecord> producer = producer(serializer)) {
            long now = System.currentTimeMillis();
            producer.send(new ProducerRecord<>(commands, "bank", new OpenAccount("open", "bank", "EUR", AccountKind.SETTLEMENT, now)));
            for (int i = 0; i < workload.accounts(); i++) {
                producer.send(new ProducerRecord<>(commands, account(i), new OpenAccount("open", account(i), "EUR", AccountKind.CUSTOMER, now)));
            }
            for (int i = 0; i < workload.accounts(); i++) {
                producer.send(new ProducerRecord<>(commands, "bank",
                        new TransferRequest("fund-" + i, "bank", account(i), 1_000_000_000L, "EUR", now, null)));
            }
            Random idRandom = new Random(11);
            for (long n = 0; n < workload.warmup() + workload.transfers(); n++) {
                int from = random.nextInt(workload.accounts());
                int to = (from + 1 + random.nextInt(workload.accounts() - 1)) % workload.accounts();
                String id = workload.randomIds() ? "t-" + new UUID(idRandom.nextLong(), idRandom.nextLong()) : "t-" + n;
                producer.send(new ProducerRecord<>(commands, account(from), new TransferRequest(id, account(from),
                        account(to), 1L + random.nextInt(100), "EUR", now, null)), failures.callback());
            }
        }
        failures.requireNone(commands);
        try (RecordCounter counter = new RecordCounter(bootstrapServers, topics.name(PaymentTopic.TRANSFER_RESULTS));
             ProcessorService processor = ProcessorService.start(config)) {
            return ThroughputMeter.measure("ledger", counter::count, warmupResults, totalResults, Duration.ofMinutes(60), out);
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
