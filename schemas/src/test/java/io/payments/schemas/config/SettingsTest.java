package io.payments.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    private static final Setting<Integer> THREADS = Setting.integer("processor.threads", 1, 1, 64).doc("Threads.");
    private static final Setting<String> SERVERS = Setting.string("bootstrap.servers", "127.0.0.1:9092").doc("Kafka.");

    @TempDir
    Path dir;

    @Test
    void fileThenEnvironmentThenFlags() throws Exception {
        Path file = dir.resolve("payments.properties");
        Files.writeString(file, "processor.threads = 2\nbootstrap.servers=file:9092\nkafka.linger.ms=5\n");
        Settings settings = Settings.load(file,
                Map.of("PAYMENTS_BOOTSTRAP_SERVERS", "env:9092", "PAYMENTS_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                        "HOME", "/root"),
                Map.of("processor.threads", "4"));

        assertThat(settings.get(THREADS)).isEqualTo(4);
        assertThat(settings.get(SERVERS)).isEqualTo("env:9092");
        assertThat(settings.kafkaOverrides()).containsOnly(Map.entry("linger.ms", "5"), Map.entry("sasl.mechanism", "SCRAM-SHA-512"));
        assertThat(settings.unknown(List.of(THREADS, SERVERS))).isEmpty();
    }

    @Test
    void aSettingNotGivenTakesItsDefault() {
        Settings none = Settings.of(Map.of());

        assertThat(none.get(THREADS)).isEqualTo(1);
        assertThat(none.get(SERVERS)).isEqualTo("127.0.0.1:9092");
        assertThat(none.get(Setting.bool("a.flag", true))).isTrue();
        assertThat(none.get(Setting.duration("a.wait", Duration.ofMillis(100)))).isEqualTo(Duration.ofMillis(100));
        assertThat(none.get(Setting.optionalString("a.host", "the http host"))).isNull();
        assertThat(none.get(Setting.secret("a.password"))).isEmpty();
    }

    @Test
    void aDeclarationDescribesItsDefaultAndRange() {
        Setting<Duration> retention = Setting.duration("processor.dedup.retention", Duration.ofDays(7));
        Setting<Integer> port = Setting.integer("metrics.port", 0, 0, 65_535).describeDefault("per service");

        assertThat(retention.defaultText()).isEqualTo("7d");
        assertThat(Setting.duration("a", Duration.ofMillis(1500)).defaultText()).isEqualTo("1500ms");
        assertThat(Setting.duration("a", Duration.ofMinutes(90)).defaultText()).isEqualTo("90m");
        assertThat(retention.type()).hasToString("duration");
        assertThat(retention.range()).isEmpty();
        assertThat(port.range()).isEqualTo("0 to 65535");
        assertThat(Setting.interval("a.interval", Duration.ofSeconds(10)).range()).isEqualTo("at least 1ms");
        assertThatThrownBy(() -> Setting.interval("a", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(port.defaultText()).isEqualTo("per service");
        assertThat(port.defaultValueText()).isEqualTo("0");
        assertThat(port.withDefault(9401).defaultText()).isEqualTo("9401");
        assertThatThrownBy(() -> port.withDefault(70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Setting.integer("a", 0, 1, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theVariableIsDerivedFromTheKey() {
        assertThat(THREADS.envName()).isEqualTo("PAYMENTS_PROCESSOR_THREADS");
        assertThat(Setting.string("sink.postgres.url", "").envName()).isEqualTo("PAYMENTS_SINK_POSTGRES_URL");

        Settings fromEnvironment = Settings.load(null, Map.of(THREADS.envName(), "3"), Map.of());
        assertThat(fromEnvironment.get(THREADS)).isEqualTo(3);
    }

    @Test
    void typedValuesAndErrorsThatNameTheKeyAndTheFix() {
        Settings settings = Settings.of(Map.of("a.count", "x", "a.big", "99", "a.flag", "maybe", "a.wait", "7d",
                "a.bad", "7 weeks", "a.blank", " ", "a.never", "0s"));

        assertThat(settings.get(Setting.duration("a.wait", Duration.ZERO))).isEqualTo(Duration.ofDays(7));
        assertThat(settings.duration("a.missing", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> settings.get(Setting.integer("a.count", 1, 0, 10)))
                .isInstanceOf(SettingsException.class)
                .hasMessage("a.count: \"x\" is not a whole number: set a.count in the --config file, as PAYMENTS_A_COUNT, or with --set a.count=…");
        assertThatThrownBy(() -> settings.get(Setting.integer("a.big", 1, 0, 10)))
                .hasMessage("a.big is 99 but must be between 0 and 10: set a.big in the --config file, as PAYMENTS_A_BIG, or with --set a.big=…");
        assertThatThrownBy(() -> settings.get(Setting.bool("a.flag", false))).hasMessageStartingWith("a.flag: \"maybe\" is not true or false");
        assertThatThrownBy(() -> settings.get(Setting.duration("a.bad", Duration.ZERO))).hasMessageContaining("500ms, 30s, 15m, 12h or 7d");
        assertThat(settings.get(Setting.duration("a.never", Duration.ofSeconds(1)))).isZero();
        assertThatThrownBy(() -> settings.get(Setting.interval("a.never", Duration.ofSeconds(1))))
                .hasMessage("a.never is 0s but must be at least 1ms: set a.never in the --config file, as PAYMENTS_A_NEVER, or with --set a.never=…");
        assertThatThrownBy(() -> settings.get(Setting.requiredString("a.none")))
                .hasMessage("a.none is required: set a.none in the --config file, as PAYMENTS_A_NONE, or with --set a.none=…");
        assertThatThrownBy(() -> settings.get(Setting.requiredString("a.blank"))).hasMessageStartingWith("a.blank is required");
    }

    @Test
    void keysNoConfigurationAskedForAreReportedAsUnread() {
        Settings settings = Settings.of(Map.of("processor.threads", "2", "processor.thread", "3", "kafka.linger.ms", "5"));
        settings.get(THREADS);
        settings.kafkaOverrides();

        assertThat(settings.unread()).containsExactly("processor.thread");
        assertThat(settings.read()).containsExactly("kafka.linger.ms", "processor.threads");
    }

    @Test
    void keysNoDeclarationKnowsAreUnknownButKafkaKeysPassThrough() {
        Settings settings = Settings.of(Map.of("processor.threads", "2", "processor.thread", "3", "kafka.linger.ms", "5"));

        assertThat(settings.unknown(List.of(THREADS, SERVERS))).containsExactly("processor.thread");
    }

    @Test
    void declaredSecretsAreMaskedAndKafkaKeysByTheirNames() {
        Setting<String> password = Setting.secret("sink.postgres.password");
        Setting<String> notSecret = Setting.string("a.token.name", "");
        Settings settings = Settings.of(Map.of("kafka.sasl.jaas.config", "user=\"x\" password=\"y\"",
                "kafka.ssl.key.password", "k", "kafka.linger.ms", "5", "sink.postgres.password", "hunter2",
                "a.token.name", "visible", "bootstrap.servers", "b:9092"));

        assertThat(settings.shown(password)).isEqualTo("********");
        assertThat(settings.shown(notSecret)).as("a declaration says what is secret").isEqualTo("visible");
        assertThat(settings.shown(SERVERS)).isEqualTo("b:9092");
        assertThat(settings.shown(THREADS)).as("not given").isNull();
        assertThat(settings.shown(Setting.secret("a.password"))).as("not given").isNull();
        assertThat(settings.kafkaShown()).containsOnly(Map.entry("kafka.sasl.jaas.config", "********"),
                Map.entry("kafka.ssl.key.password", "********"), Map.entry("kafka.linger.ms", "5"));
        assertThat(password.secret()).isTrue();
        assertThat(SERVERS.secret()).isFalse();
    }

    @Test
    void aMissingFileIsAClearError() {
        assertThatThrownBy(() -> Settings.load(dir.resolve("nope.properties"), Map.of(), Map.of()))
                .hasMessageStartingWith("Cannot read the config file");
    }
}
