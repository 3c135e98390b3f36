package io.payments.processor.legs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Signs and verifies the legs on payments.credits: an HMAC-SHA256 (RFC 2104) over the leg's
 * type and fields (all but {@code keyId} and {@code mac}, and fields added later while they are
 * null), its record key and the partition it is written to, in a canonical encoding (maps by
 * sorted key), under the processor's key. Whoever
 * can write to the topic without the key cannot make a leg the processor applies, nor move a
 * genuine one to another account's key or partition. Each thread keeps its own {@link Mac}s
 * (they are not thread-safe) and buffer.
 */
public final class LegSignature {

    /** What a leg's signature says about it. */
    public enum Verdict {
        /** Signed with one of the processor's keys, for this key and partition. */
        GENUINE,
        /** No signature: written before legs were signed, or by someone without a key. */
        UNSIGNED,
        /** A signature that is not the processor's for this leg, key and partition. */
        FORGED
    }

    private static final String ALGORITHM = "HmacSHA256";
    private static final String KEY_ID = "keyId";
    private static final String MAC = "mac";
    private static final String SIGNED_WHEN_SET = "signedWhenSet";
    /**
     * Per leg class, by field position: fields added to a leg after legs were signed
     * ({@code "signedWhenSet": true} in the schema), signed only when they have a value, so a leg
     * written before the field existed, read with the schema that has it, verifies as it did when
     * it was signed. Read once per class, not per leg: a field's properties are JSON, converted on
     * every read.
     */
    private static final ClassValue<boolean[]> ADDED_LATER = new ClassValue<>() {
        @Override
        protected boolean[] computeValue(Class<?> legClass) {
            List<Schema.Field> fields = SpecificData.get().getSchema(legClass).getFields();
            boolean[] added = new boolean[fields.size()];
            for (Schema.Field field : fields) {
                added[field.pos()] = Boolean.TRUE.equals(field.getObjectProp(SIGNED_WHEN_SET));
            }
            return added;
        }
    };

    private final LegKeys keys;
    private final ThreadLocal<Map<String, Mac>> macs = ThreadLocal.withInitial(HashMap::new);
    private final ThreadLocal<Canonical> buffers = ThreadLocal.withInitial(Canonical::new);

    public LegSignature(LegKeys keys) {
        this.keys = keys;
        mac(keys.current());
    }

    /** Sets the leg's {@code keyId} and {@code mac} for the key and partition it is about to be written to. */
    public void sign(SpecificRecord leg, String key, int partition) {
        Schema schema = leg.getSchema();
        leg.put(schema.getField(KEY_ID).pos(), keys.current());
        leg.put(schema.getField(MAC).pos(), Base64.getUrlEncoder().withoutPadding().encodeToString(
                digest(keys.current(), leg, key, partition)));
    }

    public Verdict verify(SpecificRecord leg, String key, int partition) {
        Schema schema = leg.getSchema();
        Object keyId = leg.get(schema.getField(KEY_ID).pos());
        Object mac = leg.get(schema.getField(MAC).pos());
        if (keyId == null && mac == null) {
            return Verdict.UNSIGNED;
        }
        if (keyId == null || mac == null || !keys.secrets().containsKey(keyId.toString())) {
            return Verdict.FORGED;
        }
        byte[] claimed;
        try {
            claimed = Base64.getUrlDecoder().decode(mac.toString());
        } catch (IllegalArgumentException e) {
            return Verdict.FORGED;
        }
        return MessageDigest.isEqual(claimed, digest(keyId.toString(), leg, key, partition)) ? Verdict.GENUINE : Verdict.FORGED;
    }

    private byte[] digest(String keyId, SpecificRecord leg, String key, int partition) {
        Canonical out = buffers.get();
        out.reset();
        Schema schema = leg.getSchema();
        out.text(schema.getFullName());
        boolean[] addedLater = ADDED_LATER.get(leg.getClass());
        for (Schema.Field field : schema.getFields()) {
            Object value = leg.get(field.pos());
            if (!field.name().equals(KEY_ID) && !field.name().equals(MAC) && !(value == null && addedLater[field.pos()])) {
                out.value(value);
            }
        }
        out.text(key);
        out.integer(partition);
        Mac mac = mac(keyId);
        mac.update(out.buffer, 0, out.size);
        return mac.doFinal();
    }


    private Mac mac(String keyId) {
        return macs.get().computeIfAbsent(keyId, id -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(new SecretKeySpec(keys.secrets().get(id), ALGORITHM));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(ALGORITHM + " is part of every Java platform", e);
            }
        });
    }

    /**
     * A tagged, length-prefixed encoding: two different legs never encode to the same bytes. Its own
     * buffer rather than a ByteArrayOutputStream, whose every write is synchronized.
     */
    private static final class Canonical {

        private byte[] buffer = new byte[256];
        private int size;

        void reset() {
            size = 0;
        }

        void value(Object value) {
            if (value == null) {
                write(0);
            } else if (value instanceof CharSequence text) {
                write(1);
                text(text.toString());
            } else if (value instanceof Long number) {
                write(2);
                number(number);
            } else if (value instanceof Integer number) {
                write(3);
                integer(number);
            } else if (value instanceof Boolean flag) {
                write(flag ? 5 : 4);
            } else if (value instanceof GenericEnumSymbol<?> symbol) {
                write(6);
                text(symbol.toString());
            } else if (value instanceof Map<?, ?> map) {
                write(7);
                integer(map.size());
                (map.size() < 2 ? map : new TreeMap<>(map)).forEach((k, v) -> {
                    text(k.toString());
                    value(v);
                });
            } else {
                throw new IllegalArgumentException("A leg field of type " + value.getClass().getName() + " cannot be signed");
            }
        }

        void text(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            integer(bytes.length);
            room(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        void integer(int value) {
            room(4);
            buffer[size++] = (byte) (value >>> 24);
            buffer[size++] = (byte) (value >>> 16);
            buffer[size++] = (byte) (value >>> 8);
            buffer[size++] = (byte) value;
        }

        void number(long value) {
            integer((int) (value >>> 32));
            integer((int) value);
        }

        private void write(int tag) {
            room(1);
            buffer[size++] = (byte) tag;
        }

        private void room(int bytes) {
            if (size + bytes > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + bytes));
            }
        }
    }
}
