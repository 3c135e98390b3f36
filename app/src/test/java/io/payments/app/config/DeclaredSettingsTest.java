package io.payments.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.processor.config.ProcessorConfig;
import io.payments.processor.legs.LegKeys;
import io.payments.runtime.LocalSecrets;
import io.payments.schemas.config.Setting;
import io.payments.schemas.config.Settings;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What a command declares is exactly what it reads: --print-config and the reference miss nothing and list nothing stale. */
class DeclaredSettingsTest {

    private static final String KEY = "k1:" + Base64.getEncoder().encodeToString(new byte[32]);

    @ParameterizedTest
    @EnumSource(CommandSettings.class)
    void everyKeyACommandReadsIsDeclaredAndEveryDeclaredKeyIsRead(CommandSettings command) {
        Map<String, String> given = new HashMap<>();
        command.declared().forEach(setting -> given.put(setting.key(), validValue(setting)));
        given.put("kafka.linger.ms", "5");
        Settings settings = Settings.of(given);

        command.load(settings);

        Set<String> declared = command.declared().stream().map(Setting::key).collect(Collectors.toSet());
        assertThat(settings.read()).as("keys %s reads", command)
                .allMatch(key -> declared.contains(key) || key.startsWith(Settings.KAFKA_PREFIX));
        assertThat(settings.unread()).as("keys %s declares but does not read", command).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(CommandSettings.class)
    void everyCommandLoadsWithTheDefaultsAlone(CommandSettings command) {
        Map<String, String> given = new HashMap<>();
        if (command.declared().contains(LegKeys.SECRET)) {
            given.put(LegKeys.SECRET.key(), KEY);             // required, and the only one
        }
        Settings settings = Settings.of(given);

        command.load(settings);

        assertThat(settings.unread()).isEmpty();
    }

    @Test
    void theLocalRuntimeNamesTheProcessorsSecretsAsTheirDeclarations() {
        // runtime may not depend on the processor, so LocalSecrets spells the keys itself.
        assertThat(LocalSecrets.LEG_SECRET).isEqualTo(LegKeys.SECRET.key());
        assertThat(LocalSecrets.HTTP_TOKEN).isEqualTo(ProcessorConfig.HTTP_TOKEN.key());
    }

    /** A value the setting accepts: its default where it has one. */
    private static String validValue(Setting<?> setting) {
        if (setting == LegKeys.SECRET || setting == LegKeys.PREVIOUS_SECRETS) {
            return KEY.replace("k1", setting == LegKeys.SECRET ? "k2" : "k1");
        }
        String byDefault = setting.defaultValueText();
        return byDefault == null || byDefault.isEmpty() ? "given" : byDefault;
    }
}
