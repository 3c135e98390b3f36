package io.payments.schemas.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A service's settings, merged from a properties file, then {@code PAYMENTS_…} environment
 * variables ({@code PAYMENTS_PROCESSOR_THREADS} is {@code processor.threads}), then command-line
 * flags; later sources win. Keys under {@code kafka.} pass through to the Kafka clients. Every
 * other key is read through its declaration ({@link Setting}), whose errors name the key and every
 * way to set it.
 */
public final class Settings {

    public static final String ENV_PREFIX = "PAYMENTS_";
    public static final String KAFKA_PREFIX = "kafka.";
    private static final String MASK = "********";

    private final Map<String, String> values;
    private final Set<String> read = new HashSet<>();

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(new TreeMap<>(values));
    }

    /** File (may be null), then the environment, then flags. */
    public static Settings load(Path propertiesFile, Map<String, String> environment, Map<String, String> flags) {
        Map<String, String> merged = new TreeMap<>();
        if (propertiesFile != null) {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(propertiesFile)) {
                properties.load(in);
            } catch (IOException e) {
                throw new SettingsException("Cannot read the config file " + propertiesFile + ": " + e.getMessage());
            }
            properties.forEach((key, value) -> merged.put(key.toString().trim(), value.toString().trim()));
        }
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                merged.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        merged.putAll(flags);
        return new Settings(merged);
    }

    /**
     * The setting's value as given, or its default when it is not given.
     *
     * @throws SettingsException naming the key, the value and every way to set it, when the value
     *                           does not parse, is out of the setting's range, or is required and missing
     */
    public <T> T get(Setting<T> setting) {
        String key = setting.key();
        read.add(key);
        String value = values.get(key);
        if (setting.required() && (value == null || value.isBlank())) {
            throw new SettingsException(key + " is required: " + Setting.howToSet(key));
        }
        return value == null ? setting.defaultValue() : setting.parse(value);
    }

    /**
     * A value that is not a setting (a command-line option such as {@code --duration}) parsed as a
     * duration, 500ms, 30s, 15m, 12h or 7d; errors name {@code key}.
     */
    public Duration duration(String key, Duration defaultValue) {
        return get(Setting.duration(key, defaultValue));
    }

    /** The {@code kafka.*} settings with the prefix removed, for the Kafka clients. */
    public Map<String, Object> kafkaOverrides() {
        Map<String, Object> overrides = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(KAFKA_PREFIX)) {
                read.add(key);
                overrides.put(key.substring(KAFKA_PREFIX.length()), value);
            }
        });
        return overrides;
    }

    /** The keys given that no configuration has asked for so far: usually a typo or another service's key. */
    public Set<String> unread() {
        Set<String> unread = new TreeSet<>(values.keySet());
        unread.removeAll(read);
        return unread;
    }

    /** The keys asked for so far, declared or kafka.*. */
    public Set<String> read() {
        return Collections.unmodifiableSet(new TreeSet<>(read));
    }

    /** The value as given, masked if the setting is secret; null when it is not given. */
    public String shown(Setting<?> setting) {
        String value = values.get(setting.key());
        return value == null || !setting.secret() || value.isEmpty() ? value : MASK;
    }

    /** The kafka.* keys given, with their values masked when their names look secret, for --print-config. */
    public Map<String, String> kafkaShown() {
        Map<String, String> shown = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(KAFKA_PREFIX)) {
                shown.put(key, looksSecret(key) ? MASK : value);
            }
        });
        return shown;
    }

    /** The keys given that none of these declarations knows and that are not kafka.*: a typo or another service's key. */
    public Set<String> unknown(Collection<Setting<?>> declared) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        declared.forEach(setting -> unknown.remove(setting.key()));
        unknown.removeIf(key -> key.startsWith(KAFKA_PREFIX));
        return unknown;
    }

    /**
     * Whether a key no declaration covers holds a secret, judged by its name: the Kafka clients'
     * pass-through keys (sasl.jaas.config, ssl.*.password, ssl.key.password) are not declared here.
     */
    static boolean looksSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("jaas")
                || lower.contains("token") || lower.endsWith(".key");
    }
}
