package io.payments.processor.legs;

import io.payments.schemas.config.Setting;
import io.payments.schemas.config.SettingsException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The keys that authenticate the legs on payments.credits: the current one signs every leg the
 * processor writes, and it or any previous one verifies a leg it reads (so a key can be rotated
 * while legs signed with the old one are still in flight). Each is {@code <id>:<base64 secret>}:
 * an id of 1 to 16 letters, digits, '-' or '_', and at least 32 random bytes. Every processor
 * instance of a pipeline holds the same keys; nobody else needs them.
 *
 * @param current  id of the signing key
 * @param secrets  every key by id, the current one first
 */
public record LegKeys(String current, Map<String, byte[]> secrets) {

    public static final Setting<String> SECRET = Setting.secret("processor.leg.secret")
            .describeDefault("none (required)")
            .doc("The key that signs the legs on `payments.credits`: `<id>:<base64 of at least 32 random bytes>`, "
                    + "the same on every instance (docs/security.md).");
    public static final Setting<String> PREVIOUS_SECRETS = Setting.secret("processor.leg.secrets.previous")
            .doc("Earlier keys, comma-separated, whose legs are still accepted while a key is rotated.");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,16}");
    private static final int MIN_SECRET_BYTES = 32;

    public LegKeys {
        secrets = Map.copyOf(secrets);
    }

    /**
     * @throws SettingsException naming the setting when the current key is missing or a key is malformed
     */
    public static LegKeys parse(String current, String previous) {
        if (current == null || current.isBlank()) {
            throw new SettingsException(SECRET.key() + " is required: the key that authenticates the legs the processor writes "
                    + "to payments.credits, so that nobody else can credit an account. Set it to <id>:<base64 of at least "
                    + MIN_SECRET_BYTES + " random bytes>, e.g. k1:$(openssl rand -base64 32), the same on every instance "
                    + "(" + SECRET.envName() + ", or --set " + SECRET.key() + "=...)");
        }
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        String currentId = add(secrets, current.trim(), SECRET.key());
        if (previous != null) {
            for (String key : previous.split(",")) {
                if (!key.isBlank()) {
                    add(secrets, key.trim(), PREVIOUS_SECRETS.key());
                }
            }
        }
        return new LegKeys(currentId, secrets);
    }

    private static String add(Map<String, byte[]> secrets, String key, String setting) {
        int colon = key.indexOf(':');
        String id = colon < 0 ? "" : key.substring(0, colon);
        if (!ID.matcher(id).matches()) {
            throw new SettingsException(setting + ": a key is <id>:<base64 secret> with an id of 1 to 16 letters, digits, "
                    + "'-' or '_'; got one whose id is \"" + id + "\"");
        }
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(key.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(setting + ": the secret of key " + id + " is not base64");
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new SettingsException(setting + ": the secret of key " + id + " has " + secret.length + " bytes; use at "
                    + "least " + MIN_SECRET_BYTES + " random bytes (openssl rand -base64 32)");
        }
        if (secrets.putIfAbsent(id, secret) != null) {
            throw new SettingsException(setting + ": key id " + id + " is given twice");
        }
        return id;
    }

    @Override
    public String toString() {
        return "LegKeys[current=" + current + ", ids=" + secrets.keySet() + "]";
    }
}
