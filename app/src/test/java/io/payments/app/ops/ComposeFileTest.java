package io.payments.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.app.acls.PipelineAcls;
import io.payments.app.cli.PaymentsCommand;
import io.payments.app.metrics.MetricsSettings;
import io.payments.processor.config.ProcessorConfig;
import io.payments.producer.client.TransferClient;
import io.payments.reconcile.config.ReconcileConfig;
import io.payments.schemas.config.CommonSettings;
import io.payments.schemas.config.Settings;
import io.payments.sink.config.SinkConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * docker-compose.yml cannot run here (no Docker engine), so it is checked against what the
 * services really read: every payments service's command parses, every PAYMENTS_ variable is a
 * key its configuration reads, the topics agree with the brokers' durability settings, and
 * Prometheus and Grafana point at the services and ports that exist.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Read by the image's entrypoint (JVM flags), not by a service's configuration. */
    private static final Set<String> NOT_SETTINGS = Set.of("java.opts");
    private static final String IMAGE = "payments:local";
    /** Commands that do their work and exit: no /metrics, no health check. */
    private static final Set<String> ONE_SHOTS = Set.of("acls apply", "topics create", "sink migrate", "reconcile");
    /** ${NAME}, ${NAME:-default}, ${NAME:?message} and the forms without the colon. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?:(:?[-?])([^}]*))?}");
    /** Values the compose file requires, as CI exports them for `docker-compose config`. */
    private static final Map<String, String> TEST_VALUES = testValues();

    private final Map<String, Map<String, Object>> services = services();

    @Test
    void everyPaymentsServiceRunsARealCommandAndEveryVariableIsAKeyItReads() {
        Map<String, String> commands = new TreeMap<>();
        paymentsServices().forEach((name, service) -> {
            List<String> command = strings(service.get("command"));
            new CommandLine(new PaymentsCommand()).parseArgs(command.toArray(String[]::new));
            commands.put(name, command(service));
            Settings settings = settings(service);
            switch (command(service)) {
                case "processor" -> {
                    ProcessorConfig config = ProcessorConfig.from(settings);
                    assertThat(config.httpAdvertisedHost()).as("%s advertises itself under its service name", name)
                            .isEqualTo(name);
                    assertThat(strings(service.get("ports"))).as("%s publishes its balance API", name)
                            .anyMatch(port -> port.endsWith(":" + config.httpPort()));
                    MetricsSettings.from(settings, MetricsSettings.PROCESSOR_PORT);
                }
                case "sink", "sink migrate" -> {
                    SinkConfig config = SinkConfig.from(settings);
                    assertThat(config.postgresUrl()).isEqualTo(postgresUrl());
                    MetricsSettings.from(settings, MetricsSettings.SINK_PORT);
                }
                case "produce" -> {
                    TransferClient.Config.from(settings);
                    MetricsSettings.from(settings, MetricsSettings.PRODUCER_PORT);
                }
                case "reconcile" -> assertThat(ReconcileConfig.from(settings).sink().postgresUrl()).isEqualTo(postgresUrl());
                case "acls apply" -> {
                    PipelineAcls.from(settings);
                    settings.kafkaOverrides();
                }
                case "topics create" -> {
                    CommonSettings.from(settings);
                    settings.kafkaOverrides();
                }
                default -> throw new AssertionError(name + " runs an unexpected command " + command);
            }
            Set<String> unread = new HashSet<>(settings.unread());
            unread.removeAll(NOT_SETTINGS);
            assertThat(unread).as("variables of %s that no configuration reads", name).isEmpty();
        });
        assertThat(commands).containsEntry("acls", "acls apply").containsEntry("init", "topics create")
                .containsEntry("sink-migrate", "sink migrate").containsEntry("processor-1", "processor")
                .containsEntry("processor-2", "processor").containsEntry("sink", "sink")
                .containsEntry("producer", "produce").containsEntry("reconcile", "reconcile");
    }

    @Test
    void topicsBrokersAndServicesAgree() {
        Map<String, String> kafka = env(services.get("kafka-1"));
        Settings init = settings(services.get("init"));
        CommonSettings layout = CommonSettings.from(init);
        long brokers = services.keySet().stream().filter(name -> name.startsWith("kafka-")).count();
        assertThat(layout.topics().layout().replicationFactor()).isEqualTo((short) 3)
                .isEqualTo(Short.parseShort(kafka.get("KAFKA_DEFAULT_REPLICATION_FACTOR")));
        assertThat(layout.topics().layout().minInsyncReplicas()).isEqualTo(2)
                .isEqualTo(Integer.parseInt(kafka.get("KAFKA_MIN_INSYNC_REPLICAS")));
        assertThat(brokers).isGreaterThanOrEqualTo(layout.topics().layout().replicationFactor());
        assertThat(kafka.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")).as("exactly-once's transaction log").isEqualTo("2");
        paymentsServices().forEach((name, service) -> {
            if (command(service).equals("sink migrate")) {
                return;                                     // PostgreSQL only
            }
            CommonSettings common = CommonSettings.from(settings(service));
            assertThat(common.topics().prefix()).as("%s's topic prefix", name).isEqualTo(layout.topics().prefix());
            assertThat(common.topics().layout().partitions()).as("%s's partitions", name)
                    .isEqualTo(layout.topics().layout().partitions());
            for (String server : common.bootstrapServers().split(",")) {
                assertThat(services).as("%s's bootstrap server %s", name, server).containsKey(server.split(":")[0]);
            }
            assertThat(common.schemaRegistryUrl()).isEqualTo("http://schema-registry:8081");
        });
    }

    @Test
    void prometheusScrapesEveryServiceOnItsMetricsPortAndGrafanaReadsPrometheus() throws IOException {
        Set<String> expected = new HashSet<>();
        paymentsServices().forEach((name, service) -> {
            if (!ONE_SHOTS.contains(command(service))) {
                MetricsSettings metrics = MetricsSettings.from(settings(service), 0);
                assertThat(metrics.host()).as("%s listens beyond its container", name).isEqualTo("0.0.0.0");
                expected.add(name + ":" + metrics.port());
                Map<String, Object> health = map(service.get("healthcheck"));
                assertThat(String.join(" ", strings(health.get("test"))))
                        .contains("localhost:" + metrics.port() + "/health");
            }
        });
        Map<String, Object> prometheus = load(ROOT.resolve("ops/prometheus/prometheus.yml"));
        Set<String> targets = new HashSet<>();
        for (Object job : (List<?>) prometheus.get("scrape_configs")) {
            for (Object config : (List<?>) map(job).get("static_configs")) {
                targets.addAll(strings(map(config).get("targets")));
            }
        }
        assertThat(targets).isEqualTo(expected);
        Map<String, Object> datasources = load(ROOT.resolve("ops/grafana/provisioning/datasources/prometheus.yml"));
        String url = map(((List<?>) datasources.get("datasources")).get(0)).get("url").toString();
        assertThat(url).isEqualTo("http://prometheus:9090");
        assertThat(strings(services.get("prometheus").get("ports"))).anyMatch(port -> port.endsWith(":9090:9090"));
    }

    private Map<String, Map<String, Object>> paymentsServices() {
        return services.entrySet().stream().filter(e -> IMAGE.equals(e.getValue().get("image")))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    /** The payments command a service runs, with its subcommand: "processor", "sink migrate", "acls apply"... */
    private static String command(Map<String, Object> service) {
        if (service.get("command") == null) {
            return "";
        }
        List<String> command = strings(service.get("command"));
        return command.size() > 1 && !command.get(1).startsWith("-") ? command.get(0) + " " + command.get(1) : command.get(0);
    }

    private String postgresUrl() {
        return "jdbc:postgresql://postgres:5432/" + env(services.get("postgres")).get("POSTGRES_DB");
    }

    /** Settings as the service gets them, with the required variables set to CI's test values. */
    private static Settings settings(Map<String, Object> service) {
        Map<String, String> env = new HashMap<>();
        env(service).forEach((key, value) -> env.put(key, resolved(value)));
        return Settings.load(null, env, Map.of());
    }

    /** Compose's interpolation: ${NAME} from CI's test values, else its default; $$ is a $. */
    private static String resolved(String value) {
        Matcher variable = VARIABLE.matcher(value.replace("$$", "\u0000"));
        StringBuilder out = new StringBuilder();
        while (variable.find()) {
            String set = TEST_VALUES.get(variable.group(1));
            if (set == null && !"?".equals(variable.group(2)) && !":?".equals(variable.group(2))) {
                set = variable.group(3) == null ? "" : variable.group(3);
            }
            assertThat(set).as("a test value for %s in .ci/compose-test.env", variable.group(1)).isNotNull();
            variable.appendReplacement(out, Matcher.quoteReplacement(set));
        }
        variable.appendTail(out);
        return out.toString().replace('\u0000', '$');
    }

    private static Map<String, String> env(Map<String, Object> service) {
        Map<String, String> env = new HashMap<>();
        if (service.get("environment") != null) {
            map(service.get("environment")).forEach((key, value) -> env.put(key, String.valueOf(value)));
        }
        return env;
    }

    private static Map<String, String> testValues() {
        Map<String, String> values = new TreeMap<>();
        for (String line : read(".ci/compose-test.env").split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() {
        try {
            return (Map<String, Map<String, Object>>) load(ROOT.resolve("docker-compose.yml")).get("services");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(ROOT.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> load(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            return new Yaml().load(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return Arrays.asList(String.valueOf(value).split(" "));
    }
}
