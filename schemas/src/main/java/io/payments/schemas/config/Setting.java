package io.payments.schemas.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One setting, declared once as a constant next to the configuration that reads it: its key,
 * type, default, range, meaning and whether it is secret. Everything else derives from it: the
 * value {@link Settings#get} returns (and its error messages), the {@code PAYMENTS_…} variable,
 * {@code --print-config} and the generated {@code docs/configuration.md}. For example
 * {@code Setting.integer("processor.threads", 1, 1, 64).doc("Stream threads.")}.
 *
 * @param <T> the type {@link Settings#get} returns: String, Integer, Boolean or Duration
 */
public final class Setting<T> {

    /** How a value is written; {@link #toString()} is the name the reference shows. */
    public enum Type {
        STRING, INTEGER, BOOLEAN, DURATION;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String key;
    private final Type type;
    private final T defaultValue;
    private final String defaultText;
    private final boolean required;
    private final int min;
    private final int max;
    private final boolean secret;
    private final String doc;

    private Setting(String key, Type type, T defaultValue, String defaultText, boolean required, int min, int max,
                    boolean secret, String doc) {
        this.key = Objects.requireNonNull(key);
        this.type = type;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.required = required;
        this.min = min;
        this.max = max;
        this.secret = secret;
        this.doc = doc;
    }

    /** A string; an empty default means "none". */
    public static Setting<String> string(String key, String defaultValue) {
        return new Setting<>(key, Type.STRING, defaultValue, defaultValue, false, 0, 0, false, "");
    }

    /**
     * A string without a default value: {@link Settings#get} returns null when it is not given,
     * and the reading code works out the value described by {@code defaultDescription}
     * (e.g. "the http host").
     */
    public static Setting<String> optionalString(String key, String defaultDescription) {
        return new Setting<>(key, Type.STRING, null, defaultDescription, false, 0, 0, false, "");
    }

    /** A string that must be given and not blank, or {@link Settings#get} throws. */
    public static Setting<String> requiredString(String key) {
        return new Setting<>(key, Type.STRING, null, "", true, 0, 0, false, "");
    }

    /**
     * A string that is masked wherever settings are shown. Its default is empty; when the reading
     * code requires it, {@link #describeDefault} says so, and that code's own message explains
     * what the secret must look like.
     */
    public static Setting<String> secret(String key) {
        return new Setting<>(key, Type.STRING, "", "", false, 0, 0, true, "");
    }

    /** A whole number from {@code min} to {@code max}, both included. */
    public static Setting<Integer> integer(String key, int defaultValue, int min, int max) {
        if (defaultValue < min || defaultValue > max || min > max) {
            throw new IllegalArgumentException(key + ": default " + defaultValue + " outside " + min + ".." + max);
        }
        return new Setting<>(key, Type.INTEGER, defaultValue, Integer.toString(defaultValue), false, min, max, false, "");
    }

    /** true/yes/on or false/no/off, in any case. */
    public static Setting<Boolean> bool(String key, boolean defaultValue) {
        return new Setting<>(key, Type.BOOLEAN, defaultValue, Boolean.toString(defaultValue), false, 0, 0, false, "");
    }

    /** A number and a unit: 500ms, 30s, 15m, 12h, 7d. */
    public static Setting<Duration> duration(String key, Duration defaultValue) {
        return new Setting<>(key, Type.DURATION, defaultValue, defaultValue == null ? "" : format(defaultValue), false,
                0, 0, false, "");
    }

    /**
     * A duration of at least 1 ms: how often something runs on a schedule, which a zero would
     * make run without pause (or a scheduler refuse at start, without naming the key).
     */
    public static Setting<Duration> interval(String key, Duration defaultValue) {
        if (defaultValue.toMillis() < 1) {
            throw new IllegalArgumentException(key + ": an interval's default must be at least 1ms");
        }
        return new Setting<>(key, Type.DURATION, defaultValue, format(defaultValue), false, 1, 0, false, "");
    }

    /** The same setting with its meaning: one or more sentences for the reference. */
    public Setting<T> doc(String meaning) {
        return new Setting<>(key, type, defaultValue, defaultText, required, min, max, secret, meaning);
    }

    /** The same setting with its default shown as this text instead of the value (which stays). */
    public Setting<T> describeDefault(String text) {
        return new Setting<>(key, type, defaultValue, text, required, min, max, secret, doc);
    }

    /**
     * The same setting with another default value, for a setting whose default depends on who
     * reads it (each service's metrics port).
     */
    public Setting<T> withDefault(T value) {
        if (value instanceof Integer number && (number < min || number > max)) {
            throw new IllegalArgumentException(key + ": default " + number + " outside " + range());
        }
        return new Setting<>(key, type, value, written(value), required, min, max, secret, doc);
    }

    public String key() {
        return key;
    }

    public Type type() {
        return type;
    }

    /** The value when the setting is not given; null when it is required or its default is worked out. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default as the reference shows it: the value, or what {@link #describeDefault} says; empty when there is none. */
    public String defaultText() {
        return defaultText;
    }

    /** The default value written as it would be given (7d, not PT168H); null when there is none. */
    public String defaultValueText() {
        return defaultValue == null ? null : written(defaultValue);
    }

    public boolean required() {
        return required;
    }

    public boolean secret() {
        return secret;
    }

    public String doc() {
        return doc;
    }

    /** "min to max" for an integer, "at least 1ms" for an {@link #interval}, empty otherwise. */
    public String range() {
        if (type == Type.INTEGER) {
            return min + " to " + max;
        }
        return type == Type.DURATION && min > 0 ? "at least " + format(Duration.ofMillis(min)) : "";
    }

    /** The environment variable that sets it: {@code processor.threads} is {@code PAYMENTS_PROCESSOR_THREADS}. */
    public String envName() {
        return envName(key);
    }

    /** The environment variable of any key, a kafka.* one included. */
    public static String envName(String key) {
        return Settings.ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** The end of every error message: every way to set the key. */
    static String howToSet(String key) {
        return "set " + key + " in the --config file, as " + envName(key) + ", or with --set " + key + "=…";
    }

    /** @throws SettingsException naming the key, the value and how to set it, when the value does not parse */
    @SuppressWarnings("unchecked") // the factories tie each Type to its T
    T parse(String value) {
        return (T) switch (type) {
            case STRING -> value;
            case INTEGER -> parseInteger(value);
            case BOOLEAN -> parseBoolean(value);
            case DURATION -> parseDuration(value);
        };
    }

    private Integer parseInteger(String value) {
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new SettingsException(key + ": \"" + value + "\" is not a whole number: " + howToSet(key));
        }
        if (parsed < min || parsed > max) {
            throw new SettingsException(key + " is " + parsed + " but must be between " + min + " and " + max + ": "
                    + howToSet(key));
        }
        return parsed;
    }

    private Boolean parseBoolean(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new SettingsException(key + ": \"" + value + "\" is not true or false: " + howToSet(key));
        };
    }

    private Duration parseDuration(String value) {
        Matcher matcher = DURATION.matcher(value.trim());
        if (!matcher.matches()) {
            throw new SettingsException(key + ": \"" + value + "\" is not a duration such as 500ms, 30s, 15m, 12h or 7d: "
                    + howToSet(key));
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration duration = switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (duration.toMillis() < min) {
            throw new SettingsException(key + " is " + value.trim() + " but must be " + range() + ": " + howToSet(key));
        }
        return duration;
    }

    private static String written(Object value) {
        return value instanceof Duration duration ? format(duration) : String.valueOf(value);
    }

    /** A duration as it would be written: in the largest unit that divides it, 7d rather than 168h. */
    private static String format(Duration duration) {
        long millis = duration.toMillis();
        for (Unit unit : Unit.LARGEST_FIRST) {
            if (millis % unit.millis == 0 && millis != 0) {
                return millis / unit.millis + unit.suffix;
            }
        }
        return millis + "ms";
    }

    /** The units a duration is written in, largest first. */
    private record Unit(long millis, String suffix) {
        static final List<Unit> LARGEST_FIRST = List.of(new Unit(86_400_000L, "d"), new Unit(3_600_000L, "h"),
                new Unit(60_000L, "m"), new Unit(1_000L, "s"));
    }

    @Override
    public String toString() {
        return "Setting[" + key + "]";
    }
}
