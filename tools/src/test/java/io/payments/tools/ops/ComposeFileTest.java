package io.payments.tools.ops;

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
import io.payments.tools.cli.ToolsCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * docker-compose.yml cannot run here (no Docker engine), so it is checked against what the
 * services really read: every payments service's command parses, every PAYMENTS_ variable is a
 * key its configuration reads, the topics agree with the brokers' durability settings, and
 * Prometheus and Grafana point at the services and ports that exist. And that the stack is closed
 * by default and starts the first time: Kafka lets in only its SCRAM users, with the ACLs of the
 * shared definition; no secret has a default; only the migration logs in to PostgreSQL as the
 * owner; ports are published on loopback; one service builds the image; the operations guide names every
 * variable the stack requires, and its host commands listen on no port the stack publishes.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Read by the image's entrypoint (JVM flags), not by a service's configuration. */
    private static final Set<String> NOT_SETTINGS = Set.of("java.opts");
    private static final String IMAGE = "payments:local";
    /** Commands that do their work and exit: no /metrics, no health check. */
    private static final Set<String> ONE_SHOTS = Set.of("acls apply", "topics create", "sink migrate", "reconcile");
    private static final String LOOPBACK_OR_OPT_IN = "(127\\.0\\.0\\.1|\\$\\{PAYMENTS_PUBLISH_ADDRESS:-127\\.0\\.0\\.1})";
    /** ${NAME}, ${NAME:-default}, ${NAME:?message} and the forms without the colon. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?:(:?[-?])([^}]*))?}");
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{\\w+:\\?[^}]*}");
    private static final Pattern SECRET_NAME = Pattern.compile("PASSWORD|SECRET|TOKEN");
    private static final Pattern JAAS_SECRET = Pattern.compile("(?:password|user_\\w+)=\"([^\"]*)\"");
    private static final Pattern JAAS_USER = Pattern.compile("ScramLoginModule required username=\"([^\"]+)\"");
    /** A host command of the operations guide and the ports it is told to listen on. */
    private static final Pattern HOST_COMMAND = Pattern.compile("\\./payments ([a-z]+)([^`\\n]*)");
    private static final Pattern PORT_OPTION = Pattern.compile("(?:--set [\\w.]*port=|--metrics-port[ =])(\\d+)");
    /** Values the compose file requires, as CI exports them for `docker-compose config`. */
    private static final Map<String, String> TEST_VALUES = testValues();

    private final String composeText = read("docker-compose.yml");
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

    @Test
    void everyPublishedPortIsOnLoopbackUnlessTheOperatorOptsIn() {
        services.forEach((name, service) -> {
            for (String port : published(service)) {
                assertThat(port).as("%s publishes %s", name, port).matches(LOOPBACK_OR_OPT_IN + ":\\d+:\\d+");
            }
        });
        assertThat(services.get("schema-registry")).as("the schema registry is for the services only")
                .doesNotContainKey("ports");
    }

    @Test
    void noSecretHasADefaultAndCiHasATestValueForEveryRequiredVariable() {
        Set<String> required = new TreeSet<>();
        Matcher variable = VARIABLE.matcher(composeText);
        while (variable.find()) {
            if (SECRET_NAME.matcher(variable.group(1)).find()) {
                assertThat(variable.group(2)).as("${%s...} must be required, with no default", variable.group(1))
                        .isEqualTo(":?");
            }
            if (":?".equals(variable.group(2))) {
                required.add(variable.group(1));
            }
        }
        assertThat(TEST_VALUES.keySet()).as(".ci/compose-test.env").isEqualTo(required);
        services.forEach((name, service) -> env(service).forEach((key, value) -> {
            if (SECRET_NAME.matcher(key).find()) {
                assertThat(value).as("%s of %s", key, name).matches(REQUIRED.pattern());
            }
            Matcher jaas = JAAS_SECRET.matcher(value);
            while (jaas.find()) {
                assertThat(jaas.group(1)).as("a password in %s of %s", key, name).matches(REQUIRED.pattern());
            }
        }));
        String scramUsers = env(services.get("kafka-1")).get("SCRAM_USERS");
        assertThat(scramUsers.replaceAll("[\\w-]+:" + REQUIRED.pattern(), "")).as("SCRAM_USERS: name:${PASSWORD:?...} only")
                .isBlank();
    }

    @Test
    void noServiceButTheOneShotMigrationLogsInToPostgresqlAsTheOwner() {
        Map<String, Object> postgres = services.get("postgres");
        Map<String, String> postgresEnv = env(postgres);
        String owner = postgresEnv.get("POSTGRES_USER");
        assertThat(String.join(" ", strings(map(postgres.get("healthcheck")).get("test"))))
                .as("over TCP, so not healthy while the initdb scripts run").contains("pg_isready -h 127.0.0.1 ");
        assertThat(strings(postgres.get("volumes"))).contains("./ops/postgres/initdb:/docker-entrypoint-initdb.d:ro");
        // The logins ops/postgres/initdb creates: their role, and the variable their password comes from.
        String initdb = read("ops/postgres/initdb/10-payments-logins.sql");
        Map<String, String> passwordVariables = new HashMap<>();
        Matcher getenv = Pattern.compile("\\\\getenv (\\w+) (\\w+)").matcher(initdb);
        while (getenv.find()) {
            passwordVariables.put(getenv.group(1), getenv.group(2));
        }
        Map<String, String> roles = new HashMap<>();
        Map<String, String> passwords = new HashMap<>();
        Matcher login = Pattern.compile("CREATE ROLE (\\w+) LOGIN PASSWORD :'(\\w+)' IN ROLE (\\w+);").matcher(initdb);
        while (login.find()) {
            roles.put(login.group(1), login.group(3));
            passwords.put(login.group(1), resolved(postgresEnv.get(passwordVariables.get(login.group(2)))));
        }
        String grants = read("sink/src/main/resources/db/migration/V3__least_privilege_roles.sql");
        Map<String, String> roleByCommand = Map.of("sink", "payments_sink", "reconcile", "payments_reader");
        services.forEach((name, service) -> {
            boolean migration = command(service).equals("sink migrate");
            if (!name.equals("postgres") && !migration) {
                assertThat(env(service).values()).as("%s uses the owner's password", name)
                        .noneMatch(value -> value.contains("${POSTGRES_PASSWORD:"));
            }
            String user = env(service).get("PAYMENTS_SINK_POSTGRES_USER");
            if (user == null) {
                return;
            }
            if (migration) {
                assertThat(user).isEqualTo(owner);
                assertThat(service.get("restart")).as("%s, the owner, exits when done", name).isEqualTo("no");
                return;
            }
            assertThat(user).as("%s's PostgreSQL user", name).isNotEqualTo(owner);
            assertThat(roles).as("%s logs in as a login of ops/postgres/initdb", name)
                    .containsEntry(user, roleByCommand.get(command(service)));
            assertThat(grants).contains("TO " + roles.get(user));
            assertThat(resolved(env(service).get("PAYMENTS_SINK_POSTGRES_PASSWORD")))
                    .as("%s's password is the one %s was given", name, user).isEqualTo(passwords.get(user));
        });
    }

    @Test
    void oneServiceBuildsTheImageAndEveryOtherUserOfItWaitsForIt() {
        List<String> builders = services.entrySet().stream().filter(e -> e.getValue().containsKey("build"))
                .map(Map.Entry::getKey).toList();
        assertThat(builders).as("services that build (Compose 2.38+ builds them in parallel)").hasSize(1);
        String builder = builders.get(0);
        assertThat(services.get(builder).get("image")).isEqualTo(IMAGE);
        paymentsServices().keySet().stream().filter(name -> !name.equals(builder)).forEach(name ->
                assertThat(dependencies(name)).as("what %s waits for", name).contains(builder));
    }

    @Test
    void theReadmesHostCommandsListenOnNoPortTheStackPublishes() {
        Set<Integer> published = new TreeSet<>();
        services.values().forEach(service -> published(service).forEach(port -> {
            String[] parts = port.split(":");
            published.add(Integer.parseInt(parts[parts.length - 2]));
        }));
        CommandLine launcher = ToolsCommand.commandLine(new PrintWriter(Writer.nullWriter()),
                new PrintWriter(Writer.nullWriter()));
        Map<String, Integer> defaultMetricsPorts = Map.of("processor", MetricsSettings.PROCESSOR_PORT,
                "sink", MetricsSettings.SINK_PORT, "produce", MetricsSettings.PRODUCER_PORT,
                "demo", Integer.parseInt(launcher.getSubcommands().get("demo")
                        .getCommandSpec().findOption("--metrics-port").defaultValue()));
        String section = operationsSection("Running it in production: docker compose");
        assertThat(section).contains("docker compose up");
        Matcher command = HOST_COMMAND.matcher(section);
        while (command.find()) {
            Set<Integer> ports = new TreeSet<>();
            Matcher option = PORT_OPTION.matcher(command.group(2));
            while (option.find()) {
                ports.add(Integer.parseInt(option.group(1)));
            }
            boolean metricsPortSet = command.group(2).contains("metrics.port=") || command.group(2).contains("--metrics-port");
            if (!metricsPortSet && defaultMetricsPorts.containsKey(command.group(1))) {
                ports.add(defaultMetricsPorts.get(command.group(1)));
            }
            assertThat(ports).as("ports of `%s` on the host", command.group()).doesNotContainAnyElementsOf(published);
        }
    }

    @Test
    void theOperationsGuideSetsEveryVariableTheStackRequires() {
        assertThat(operationsSection("Running it in production: docker compose")).contains(TEST_VALUES.keySet());
    }

    @Test
    void kafkaLetsInOnlyItsScramUsersWithTheAclsOfTheSharedDefinition() {
        Map<String, String> kafka = env(services.get("kafka-1"));
        assertThat(kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(","))
                .allSatisfy(listener -> assertThat(listener).containsPattern(":SASL_(PLAINTEXT|SSL)$"));
        assertThat(kafka.get("KAFKA_AUTHORIZER_CLASS_NAME")).isEqualTo(StandardAuthorizer.class.getName());
        assertThat(kafka).doesNotContainKey("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND");
        Set<String> superUsers = Set.of(kafka.get("KAFKA_SUPER_USERS").split(";"));
        Set<String> scramUsers = Arrays.stream(resolved(kafka.get("SCRAM_USERS")).split("\\s+"))
                .map(user -> user.substring(0, user.indexOf(':'))).collect(Collectors.toSet());
        services.forEach((name, service) -> env(service).values().forEach(value -> {
            Matcher user = JAAS_USER.matcher(value);
            while (user.find()) {
                assertThat(scramUsers).as("%s logs in as a SCRAM user", name).contains(user.group(1));
            }
        }));

        // The ACLs come from `payments acls apply`, as a super user, before any service needs them.
        List<String> aclSteps = paymentsServices().entrySet().stream()
                .filter(e -> command(e.getValue()).equals("acls apply")).map(Map.Entry::getKey).toList();
        assertThat(aclSteps).hasSize(1);
        String aclStep = aclSteps.get(0);
        assertThat(superUsers).contains("User:" + login(services.get(aclStep)));
        PipelineAcls acls = PipelineAcls.from(settings(services.get(aclStep)));
        Map<String, String> principals = Map.of("processor", acls.processor(), "sink", acls.sink(),
                "produce", acls.upstream(), "reconcile", acls.reader());
        assertThat(new HashSet<>(principals.values())).as("one principal per service").hasSize(principals.size());
        paymentsServices().forEach((name, service) -> {
            String principal = principals.get(command(service));
            if (principal != null) {
                assertThat("User:" + login(service)).as("%s's principal", name).isEqualTo(principal);
                assertThat(superUsers).doesNotContain(principal);
                assertThat(dependencies(name)).as("what %s waits for", name).contains(aclStep);
            }
        });

        // Hand-written ACLs only for the schema registry, which is not the pipeline's: its topic and group.
        Map<String, String> registry = env(services.get("schema-registry"));
        String registryPrincipal = "User:" + jaasUser(registry.get("SCHEMA_REGISTRY_KAFKASTORE_SASL_JAAS_CONFIG"));
        assertThat(superUsers).doesNotContain(registryPrincipal);
        services.forEach((name, service) -> {
            String text = String.join(" ", strings(service.get("command")));
            if (text.contains("kafka-acls")) {
                assertThat(Arrays.stream(text.split("--allow-principal ")).skip(1)).as("what %s grants to", name)
                        .allSatisfy(grant -> assertThat(grant).startsWith(registryPrincipal + " "));
                assertThat(text).contains("--topic " + registry.get("SCHEMA_REGISTRY_KAFKASTORE_TOPIC") + " ")
                        .contains("--group " + registry.get("SCHEMA_REGISTRY_SCHEMA_REGISTRY_GROUP_ID") + " ");
                assertThat(dependencies("schema-registry")).contains(name);
            }
        });
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

    /** Every service a service waits for, directly or through another. */
    private Set<String> dependencies(String name) {
        Set<String> found = new TreeSet<>();
        Deque<String> next = new ArrayDeque<>(List.of(name));
        while (!next.isEmpty()) {
            Object dependsOn = services.get(next.pop()).get("depends_on");
            if (dependsOn instanceof Map<?, ?> conditions) {
                dependsOn = List.copyOf(conditions.keySet());
            }
            if (dependsOn != null) {
                strings(dependsOn).stream().filter(found::add).forEach(next::push);
            }
        }
        return found;
    }

    private static List<String> published(Map<String, Object> service) {
        return service.containsKey("ports") ? strings(service.get("ports")) : List.of();
    }

    private String postgresUrl() {
        return "jdbc:postgresql://postgres:5432/" + env(services.get("postgres")).get("POSTGRES_DB");
    }

    private static String login(Map<String, Object> service) {
        return jaasUser(env(service).get("PAYMENTS_KAFKA_SASL_JAAS_CONFIG"));
    }

    private static String jaasUser(String jaas) {
        Matcher user = JAAS_USER.matcher(String.valueOf(jaas));
        assertThat(user.find()).as("a SCRAM login in %s", jaas).isTrue();
        return user.group(1);
    }

    /** The operations guide's section under this heading, down to the next heading (outside code blocks). */
    private static String operationsSection(String heading) {
        StringBuilder section = new StringBuilder();
        boolean inside = false;
        boolean code = false;
        for (String line : read("docs/operations.md").split("\n")) {
            if (!code && line.startsWith("#")) {
                if (inside) {
                    break;
                }
                inside = line.replaceFirst("^#+ ", "").equals(heading);
                continue;
            }
            if (line.startsWith("```")) {
                code = !code;
            }
            if (inside) {
                section.append(line).append('\n');
            }
        }
        return section.toString();
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
