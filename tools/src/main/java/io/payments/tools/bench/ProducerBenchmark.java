package io.payments.tools.bench;

import io.payments.avro.TransferRequest;
import io.payments.local.PipelineSettings;
import io.payments.producer.client.Submission;
import io.payments.producer.client.TransferClient;
import io.payments.producer.load.LoadGenerator;
import io.payments.runtime.ChildJvm;
import io.payments.runtime.LocalRuntime;
import io.payments.schemas.registry.HttpSchemaRegistryClient;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.TopicLayout;
import io.payments.schemas.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * The client library's send throughput next to Kafka's own {@code ProducerPerformance} (the
 * physical ceiling of this broker and machine): same broker, partitions, record size, acks=all
 * and idempotence, each after a warm-up. The client sends keyed, validated, Avro-encoded
 * transfer requests; ProducerPerformance sends random bytes of the same size without keys.
 */
record ProducerBenchmark(LocalRuntime runtime, Path workDir, PrintWriter out) {

    record Workload(long records, long warmup, int accounts, int partitions) {
    }

    record Result(double peerRecordsPerSecond, ThroughputMeter.Measurement client) {
    }

    Result run(Workload workload, String runId) throws Exception {
        Topics topics = new Topics(runId + ".", new TopicLayout(workload.partitions(), (short) 1, 1));
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", runtime.bootstrapServers()))) {
            topics.ensureCreated(admin);
            Topics.createOthers(admin, workload.partitions(), List.of(runId + ".perf"));
        }
        int recordSize = averageSize(workload);
        ThroughputMeter.Measurement client = runClient(topics, workload);
        double peer = runProducerPerformance(runId + ".perf", workload, recordSize);
        return new Result(peer, client);
    }

    private ThroughputMeter.Measurement runClient(Topics topics, Workload workload) throws Exception {
        TransferClient.Config config = PipelineSettings.on(runtime).topics(topics.prefix(), workload.partitions())
                .clientConfig(false);
        AtomicLong acknowledged = new AtomicLong();
        long total = workload.warmup() + workload.records();
        try (TransferClient client = TransferClient.connect(config)) {
            Thread sender = new Thread(() -> {
                Random random = new Random(3);
                for (long n = 0; n < total; n++) {
                    Submission submission = client.send(request(random, n, workload.accounts()));
                    submission.acknowledged().thenRun(acknowledged::incrementAndGet);
                }
            }, "bench-client");
            sender.start();
            ThroughputMeter.Measurement measurement = ThroughputMeter.measure("client", acknowledged::get,
                    workload.warmup(), total, Duration.ofMinutes(30), out);
            sender.join();
            return measurement;
        }
    }

    private double runProducerPerformance(String topic, Workload workload, int recordSize) throws Exception {
        Path log = workDir.resolve("producer-performance.log");
        Files.deleteIfExists(log);
        out.println("  ProducerPerformance: " + (workload.warmup() + workload.records()) + " records of " + recordSize + " bytes …");
        out.flush();
        Process process = ChildJvm.start(List.of("-Xmx1g"), ProducerPerformance.class, List.of(
                "--topic", topic, "--num-records", Long.toString(workload.warmup() + workload.records()),
                "--warmup-records", Long.toString(workload.warmup()), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + runtime.bootstrapServers(), "acks=all",
                "enable.idempotence=true", "linger.ms=5"), log);
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("ProducerPerformance failed; see " + log);
        }
        // The steady-state line (after the warm-up) is the last summary it prints.
        List<String> summaries = Files.readAllLines(log).stream().filter(l -> l.contains("records/sec")).toList();
        String last = summaries.get(summaries.size() - 1);
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("([\\d.]+) records/sec").matcher(last);
        if (!matcher.find()) {
            throw new IllegalStateException("Unexpected ProducerPerformance output: " + last);
        }
        out.println("  ProducerPerformance: " + last.trim());
        return Double.parseDouble(matcher.group(1));
    }

    private int averageSize(Workload workload) {
        PaymentSerdes serdes = new PaymentSerdes(new HttpSchemaRegistryClient(runtime.registryUrl()), true);
        var serializer = serdes.<SpecificRecord>forTopic(PaymentTopic.COMMANDS).serializer();
        Random random = new Random(3);
        long bytes = 0;
        int samples = 10_000;
        for (int n = 0; n < samples; n++) {
            bytes += serializer.serialize("size-sample", request(random, workload.warmup() + n, workload.accounts())).length;
        }
        return (int) Math.round((double) bytes / samples);
    }

    private static TransferRequest request(Random random, long n, int accounts) {
        return new TransferRequest("t-" + n, LoadGenerator.account(random.nextInt(accounts)),
                LoadGenerator.account(random.nextInt(accounts)), 1L + random.nextInt(10_000), "EUR",
                System.currentTimeMillis(), null);
    }
}
