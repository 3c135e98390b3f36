package io.payments.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

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

        assertThat(settings.integer("processor.threads", 1, 1, 64)).isEqualTo(4);
        assertThat(settings.string("bootstrap.servers", null)).isEqualTo("env:9092");
        assertThat(settings.kafkaOverrides()).containsOnly(Map.entry("linger.ms", "5"), Map.entry("sasl.mechanism", "SCRAM-SHA-512"));
        assertThat(settings.string("home", null)).isNull();
    }

    @Test
    void typedValuesAndErrorsThatNameTheKeyAndTheFix() {
        Settings settings = Settings.of(Map.of("a.count", "x", "a.big", "99", "a.flag", "maybe", "a.wait", "7d", "a.bad", "7 weeks"));

        assertThat(settings.duration("a.wait", Duration.ZERO)).isEqualTo(Duration.ofDays(7));
        assertThat(settings.duration("a.missing", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> settings.integer("a.count", 1, 0, 10))
                .isInstanceOf(SettingsException.class)
                .hasMessage("a.count: \"x\" is not a whole number: set a.count in the --config file, as PAYMENTS_A_COUNT, or with --set a.count=…");
        assertThatThrownBy(() -> settings.integer("a.big", 1, 0, 10)).hasMessageStartingWith("a.big is 99 but must be between 0 and 10");
        assertThatThrownBy(() -> settings.bool("a.flag", false)).hasMessageStartingWith("a.flag: \"maybe\" is not true or false");
        assertThatThrownBy(() -> settings.duration("a.bad", Duration.ZERO)).hasMessageContaining("500ms, 30s, 15m, 12h or 7d");
        assertThatThrownBy(() -> settings.requiredString("a.none")).hasMessageStartingWith("a.none is required");
    }

    @Test
    void keysNoConfigurationAskedForAreReportedAsUnread() {
        Settings settings = Settings.of(Map.of("processor.threads", "2", "processor.thread", "3", "kafka.linger.ms", "5"));
        settings.integer("processor.threads", 1, 1, 64);
        settings.kafkaOverrides();

        assertThat(settings.unread()).containsExactly("processor.thread");
    }

    @Test
    void secretsAreMasked() {
        Settings settings = Settings.of(Map.of("kafka.sasl.jaas.config", "user=\"x\" password=\"y\"",
                "sink.postgres.password", "hunter2", "bootstrap.servers", "b:9092"));

        assertThat(settings.masked()).containsEntry("kafka.sasl.jaas.config", "********")
                .containsEntry("sink.postgres.password", "********")
                .containsEntry("bootstrap.servers", "b:9092");
    }

    @Test
    void aMissingFileIsAClearError() {
        assertThatThrownBy(() -> Settings.load(dir.resolve("nope.properties"), Map.of(), Map.of()))
                .hasMessageStartingWith("Cannot read the config file");
    }
}
