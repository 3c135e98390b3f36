package io.payments.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.payments.app.metrics.MetricsServer;
import io.payments.processor.ProcessorService;
import io.payments.processor.config.ProcessorConfig;
import io.payments.producer.client.TransferClient;
import io.payments.producer.load.LoadGenerator;
import io.payments.runtime.Ports;
import io.payments.schemas.config.Settings;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import io.payments.sink.config.SinkConfig;
import io.payments.sink.consumer.SinkService;
import io.payments.sink.postgres.CatchUp;
import io.payments.sink.postgres.Database;
import io.payments.testkit.LocalRuntimeExtension;
import io.payments.testkit.TestRuntime;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor, the sink and the load generator each serve /metrics and /health from their own
 * registry, as their commands do. A real scrape of each must hold every metric the Grafana
 * dashboard queries, never an account id as a label, and pass {@code promtool check metrics}
 * (Debian's prometheus package; required when PAYMENTS_PROMTOOL_REQUIRED=true, as in .ci/run).
 */
@ExtendWith(LocalRuntimeExtension.class)
class MetricsScrapeIT {

    private static final Path DASHBOARD = Path.of("..", "ops", "grafana", "dashboards", "payments.json");
    /** Metric names in PromQL: every family the services export starts with one of these. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:payments|kafka|jvm|process|hikaricp|system)_[a-z0-9_]+)");

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void everyServiceServesHealthAndTheMetricsTheDashboardQueries(TestRuntime runtime) throws Exception {
        Topics topics = runtime.createTopics();
        Map<String, String> settings = new HashMap<>(Map.of(
                "bootstrap.servers", runtime.bootstrapServers(),
                "schema.registry.url", runtime.registryUrl(),
                "topics.prefix", topics.prefix(),
                "processor.application.id", runtime.id() + "-processor",
                "processor.state.dir", dir.toString(),
                "processor.http.port", "0",
                "sink.group.id", runtime.id() + "-sink",
                "sink.postgres.url", runtime.createDatabase(),
                "sink.postgres.user", runtime.postgres().user(),
                "sink.postgres.password", runtime.postgres().password()));
        settings.put("sink.holds.metrics.interval", "500ms");
        settings.putAll(runtime.processorSecrets());
        PrometheusMeterRegistry processorMeters = MetricsServer.registry();
        PrometheusMeterRegistry sinkMeters = MetricsServer.registry();
        PrometheusMeterRegistry producerMeters = MetricsServer.registry();
        SinkConfig sinkConfig = SinkConfig.from(Settings.of(settings));
        LoadGenerator generator = new LoadGenerator();
        generator.bindTo(producerMeters);
        try (ProcessorService processor = ProcessorService.start(ProcessorConfig.from(Settings.of(settings)), processorMeters);
             MetricsServer processorMetrics = MetricsServer.start(processorMeters, "127.0.0.1", Ports.free(),
                     () -> processor.state() == KafkaStreams.State.RUNNING);
             HikariDataSource db = Database.connect(sinkConfig, sinkMeters);
             SinkService sink = new SinkService(sinkConfig, db, sinkMeters);
             MetricsServer sinkMetrics = MetricsServer.start(sinkMeters, "127.0.0.1", Ports.free(), sink::healthy);
             TransferClient client = TransferClient.connect(TransferClient.Config.from(Settings.of(settings)));
             MetricsServer producerMetrics = MetricsServer.start(producerMeters, "127.0.0.1", Ports.free(),
                     () -> generator.failed() == 0);
             Admin admin = runtime.admin()) {
            client.bindTo(producerMeters);
            Thread sinkThread = new Thread(sink, "metrics-it-sink");
            sinkThread.start();
            generator.run(client, new LoadGenerator.Options(20, 500, null, 0, LoadGenerator.Skew.UNIFORM, 1.1,
                    List.of("EUR"), 0.05, 0.05, 3, "m-", true));
            sendUndecodableCommand(runtime, topics);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
                try (Connection connection = db.getConnection()) {
                    return CatchUp.caughtUp(connection, admin, topics) && sink.rowsWritten() > 0;
                }
            });
            List<MetricsServer> servers = List.of(processorMetrics, sinkMetrics, producerMetrics);
            await().atMost(Duration.ofMinutes(1)).until(() -> servers.stream().allMatch(s -> status(s) == 200));
            await().atMost(Duration.ofSeconds(30)).until(() -> scrape(processorMetrics)
                    .contains("payments_dead_letters_total{reason=\"WRONG_MAGIC_BYTE\"} 1.0"));
            await().atMost(Duration.ofSeconds(30)).until(() -> scrape(sinkMetrics)
                    .contains("payments_holds_open_oldest_age_seconds{currency=\"EUR\"}"));

            String processorScrape = scrape(processorMetrics);
            String sinkScrape = scrape(sinkMetrics);
            String producerScrape = scrape(producerMetrics);
            assertThat(processorScrape).contains("payments_requests_total{duplicate=\"false\",outcome=\"COMPLETED\",reason=\"NONE\"",
                    "payments_request_applied_seconds_bucket", "payments_dedup_store_entries", "kafka_stream_",
                    "jvm_memory_used_bytes");
            assertThat(sinkScrape).contains("payments_sink_rows_total", "payments_request_persisted_seconds_bucket",
                    "payments_sink_lag_records{partition=\"0\"", "hikaricp_connections_active",
                    "kafka_consumer_fetch_manager_records_lag_max");
            assertThat(producerScrape).contains("payments_load_requests_sent_total", "kafka_producer_record_send_total");

            Set<String> exported = new TreeSet<>();
            for (String scrape : List.of(processorScrape, sinkScrape, producerScrape)) {
                scrape.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                        .forEach(line -> exported.add(line.split("[{ ]", 2)[0]));
                assertThat(scrape).as("no account or transfer id as a label").doesNotContain("acct-", "\"m-");
                checkWithPromtool(scrape);
            }
            assertThat(dashboardMetrics()).isNotEmpty().allSatisfy(name -> assertThat(exported)
                    .as("metric %s from the dashboard is exported", name).contains(name));

            processor.close();
            assertThat(status(processorMetrics)).as("a stopped processor is not healthy").isEqualTo(503);
            sink.close();
            sinkThread.join(15_000);
        }
    }

    /** Every metric name in the dashboard's PromQL queries. */
    private static Set<String> dashboardMetrics() throws IOException {
        Set<String> names = new TreeSet<>();
        List<JsonNode> panels = new ArrayList<>();
        new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels").forEach(panels::add);
        for (JsonNode panel : panels) {
            panel.path("panels").forEach(panels::add);
            for (JsonNode target : panel.path("targets")) {
                Matcher matcher = METRIC.matcher(target.path("expr").asText());
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }

    private static void sendUndecodableCommand(TestRuntime runtime, Topics topics) {
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topics.name(PaymentTopic.COMMANDS), "x".getBytes(StandardCharsets.UTF_8),
                    "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static void checkWithPromtool(String scrape) throws Exception {
        Process promtool;
        try {
            promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        } catch (IOException e) {
            String missing = "promtool is not installed (Debian: apt-get install prometheus)";
            if ("true".equals(System.getenv("PAYMENTS_PROMTOOL_REQUIRED"))) {
                throw new IllegalStateException(missing + "; PAYMENTS_PROMTOOL_REQUIRED=true forbids skipping", e);
            }
            Assumptions.abort(missing);
            return;
        }
        promtool.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as("promtool check metrics:%n%s", output).isZero();
    }

    /** The /health status, or -1 when the server does not answer. */
    private int status(MetricsServer server) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(server.url() + "/health")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String scrape(MetricsServer server) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
