package io.payments.schemas.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's settings, merged from a properties file, then {@code PAYMENTS_…} environment
 * variables ({@code PAYMENTS_PROCESSOR_THREADS} is {@code processor.threads}), then command-line
 * flags; later sources win. Keys under {@code kafka.} pass through to the Kafka clients. Typed
 * getters name the key and every way to set it when a value is wrong.
 */
public final class Settings {

    public static final String ENV_PREFIX = "PAYMENTS_";
    public static final String KAFKA_PREFIX = "kafka.";
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

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

    public String string(String key, String defaultValue) {
        read.add(key);
        return values.getOrDefault(key, defaultValue);
    }

    public String requiredString(String key) {
        read.add(key);
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new SettingsException(key + " is required: " + howToSet(key));
        }
        return value;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        read.add(key);
        String value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw new SettingsException(key + " is " + parsed + " but must be between " + min + " and " + max
                        + ": " + howToSet(key));
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new SettingsException(key + ": \"" + value + "\" is not a whole number: " + howToSet(key));
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        read.add(key);
        String value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new SettingsException(key + ": \"" + value + "\" is not true or false: " + howToSet(key));
        };
    }

    /** A duration written as a number and a unit: 500ms, 30s, 15m, 12h, 7d. */
    public Duration duration(String key, Duration defaultValue) {
        read.add(key);
        String value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        Matcher matcher = DURATION.matcher(value.trim());
        if (!matcher.matches()) {
            throw new SettingsException(key + ": \"" + value
                    + "\" is not a duration such as 500ms, 30s, 15m, 12h or 7d: " + howToSet(key));
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
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

    /** All settings as given, secrets masked, for --print-config. */
    public Map<String, String> masked() {
        Map<String, String> masked = new TreeMap<>();
        values.forEach((key, value) -> masked.put(key, isSecret(key) ? "********" : value));
        return masked;
    }

    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("jaas")
                || lower.contains("token") || lower.endsWith(".key");
    }

    static String howToSet(String key) {
        return "set " + key + " in the --config file, as " + ENV_PREFIX
                + key.toUpperCase(Locale.ROOT).replace('.', '_') + ", or with --set " + key + "=…";
    }
}
