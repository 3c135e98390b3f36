package io.payments.tools.bench;

import io.payments.avro.LedgerEntry;
import io.payments.avro.Leg;
import io.payments.local.LocalPipeline;
import io.payments.local.PipelineSettings;
import io.payments.runtime.LocalRuntime;
import io.payments.schemas.registry.HttpSchemaRegistryClient;
import io.payments.schemas.serde.AvroDeserializer;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import io.payments.sink.config.SinkConfig;
import io.payments.sink.consumer.SinkService;
import io.payments.sink.postgres.Database;
import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Sink throughput (ledger rows/s, balances included) next to a per-row JDBC batched upsert on
 * the same rows: both read the same ledger entries from Kafka, decode them, and write entries
 * and balances into a fresh database of their own on the same PostgreSQL.
 */
record SinkBenchmark(LocalRuntime runtime, PrintWriter out) {

    record Workload(long entries, long warmup, int accounts, int partitions, int writers) {
    }

    record Result(ThroughputMeter.Measurement baseline, ThroughputMeter.Measurement sink) {
    }

    Result run(Workload workload, String runId) throws Exception {
        Topics topics = LocalPipeline.createTopics(PipelineSettings.on(runtime).topics(runId + ".", workload.partitions()));
        long total = workload.warmup() + workload.entries();
        String topic = topics.name(PaymentTopic.LEDGER_ENTRIES);
        out.printf("writing %,d ledger entries over %,d accounts to %s …%n", total, workload.accounts(), topic);
        out.flush();
        PaymentSerdes serdes = new PaymentSerdes(new HttpSchemaRegistryClient(runtime.registryUrl()), true);
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(),
                serdes.<SpecificRecord>forTopic(PaymentTopic.LEDGER_ENTRIES).serializer())) {
            Random random = new Random(11);
            long[] versions = new long[workload.accounts()];
            long[] balances = new long[workload.accounts()];
            long now = System.currentTimeMillis();
            for (long i = 0; i < total; i++) {
                int a = random.nextInt(workload.accounts());
                long amount = 1 + random.nextInt(1_000);
                balances[a] += amount;
                String account = "a" + a;
                producer.send(new ProducerRecord<>(topic, account, new LedgerEntry(account, ++versions[a], amount, "EUR",
                        balances[a], "t-" + i, "bank", "bank", Leg.CREDIT, 0, i, now, now, 0L, 0L, null)));
            }
        }
        return new Result(runBaseline(topic, runId + "_base", workload), runSink(topics, runId + "_sink", workload));
    }

    private ThroughputMeter.Measurement runSink(Topics topics, String database, Workload workload) throws Exception {
        runtime.postgres().createDatabase(database);
        PipelineSettings settings = PipelineSettings.on(runtime.bootstrapServers(), runtime.registryUrl())
                .topics(topics.prefix(), workload.partitions())
                .sinkGroup(database)
                .postgres(runtime.postgres().jdbcUrl(database), runtime.postgres().user(), runtime.postgres().password())
                .with(SinkConfig.WRITERS, workload.writers());
        SinkConfig config = settings.sinkConfig();
        try (var dataSource = Database.connect(config)) {
            SinkService sink = new SinkService(config, dataSource, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
            Thread thread = new Thread(sink, "bench-sink");
            thread.start();
            try {
                return ThroughputMeter.measure("sink", sink::rowsWritten, workload.warmup(),
                        workload.warmup() + workload.entries(), Duration.ofMinutes(30), out);
            } finally {
                sink.close();
                thread.join(30_000);
            }
        }
    }

    private ThroughputMeter.Measurement runBaseline(String topic, String database, Workload workload) throws Exception {
        runtime.postgres().createDatabase(database);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(runtime.postgres().jdbcUrl(database));
        dataSource.setUser(runtime.postgres().user());
        dataSource.setPassword(runtime.postgres().password());
        Database.migrate(dataSource);
        AtomicLong written = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        AvroDeserializer<SpecificRecord> values = new AvroDeserializer<>(
                new HttpSchemaRegistryClient(runtime.registryUrl()), PaymentTopic.LEDGER_ENTRIES.valueSchema());
        Thread thread = new Thread(() -> {
            try (Connection connection = dataSource.getConnection();
                 KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                         ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers(),
                         ConsumerConfig.MAX_POLL_RECORDS_CONFIG, PerRowUpsertBaseline.BATCH),
                         new StringDeserializer(), new ByteArrayDeserializer())) {
                PerRowUpsertBaseline baseline = new PerRowUpsertBaseline(connection);
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (running.get()) {
                    List<LedgerEntry> batch = new ArrayList<>();
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        batch.add((LedgerEntry) values.deserialize(topic, record.value()));
                    }
                    baseline.write(batch);
                    baseline.flush();
                    written.addAndGet(batch.size());
                }
            } catch (Exception e) {
                throw new IllegalStateException("baseline failed", e);
            }
        }, "bench-baseline");
        thread.start();
        try {
            return ThroughputMeter.measure("per-row", written::get, workload.warmup(),
                    workload.warmup() + workload.entries(), Duration.ofMinutes(30), out);
        } finally {
            running.set(false);
            thread.join(30_000);
        }
    }
}
