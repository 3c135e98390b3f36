package io.payments.reconcile.audit;

import io.payments.schemas.topics.PaymentTopic;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys of the spill store. A key is a group (one transfer: source account and transfer id; one
 * account; one refused input record's topic and position), then the fact's kind, then numbers that order
 * the facts of a kind (big-endian, so byte order is numeric order for non-negative values).
 * Ids are separated by a 0 byte, which sorts below every other character.
 */
final class FactKeys {

    static final byte TRANSFER = 'T';
    static final byte ACCOUNT = 'A';
    static final byte UNDECODABLE = 'U';
    private static final int UNDECODABLE_GROUP_LENGTH = 14;
    private static final byte ESCAPE = 1;
    private static final byte ESCAPED_ZERO = 1;
    private static final byte ESCAPED_ESCAPE = 2;

    private FactKeys() {
    }

    static byte[] transferGroup(String sourceAccountId, String transferId) {
        return group(TRANSFER, sourceAccountId, transferId);
    }

    static byte[] accountGroup(String accountId) {
        return group(ACCOUNT, accountId);
    }

    /** One input record the processor must dead-letter: its topic, partition and offset. */
    static byte[] undecodableGroup(PaymentTopic topic, int partition, long offset) {
        return ByteBuffer.allocate(UNDECODABLE_GROUP_LENGTH).put(UNDECODABLE).put((byte) topic.ordinal()).putInt(partition)
                .putLong(offset).array();
    }

    static byte[] key(byte[] group, byte kind, long... order) {
        ByteBuffer key = ByteBuffer.allocate(group.length + 1 + 8 * order.length).put(group).put(kind);
        for (long n : order) {
            key.putLong(n);
        }
        return key.array();
    }

    /** The length of the group at the start of a key. */
    static int groupLength(byte[] key) {
        int separators = switch (key[0]) {
            case TRANSFER -> 2;
            case ACCOUNT -> 1;
            case UNDECODABLE -> 0;
            default -> throw new IllegalArgumentException("not a fact key: " + key[0]);
        };
        if (separators == 0) {
            return UNDECODABLE_GROUP_LENGTH;
        }
        for (int i = 1; i < key.length; i++) {
            if (key[i] == 0 && --separators == 0) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("truncated fact key");
    }

    static byte kind(byte[] key) {
        return key[groupLength(key)];
    }

    /** The i-th ordering number after the kind. */
    static long order(byte[] key, int i) {
        return ByteBuffer.wrap(key, groupLength(key) + 1 + 8 * i, 8).getLong();
    }

    /** The ids of a group, for violation reports. */
    static String[] ids(byte[] key) {
        int length = groupLength(key);
        if (key[0] == UNDECODABLE) {
            ByteBuffer b = ByteBuffer.wrap(key, 1, UNDECODABLE_GROUP_LENGTH - 1);
            return new String[] {PaymentTopic.values()[b.get()].baseName(), Integer.toString(b.getInt()),
                    Long.toString(b.getLong())};
        }
        List<String> ids = new ArrayList<>();
        ByteArrayOutputStream id = new ByteArrayOutputStream();
        for (int i = 1; i < length; i++) {
            if (key[i] == 0) {
                ids.add(id.toString(StandardCharsets.UTF_8));
                id.reset();
            } else if (key[i] == ESCAPE) {
                id.write(key[++i] == ESCAPED_ZERO ? 0 : ESCAPE);
            } else {
                id.write(key[i]);
            }
        }
        return ids.toArray(String[]::new);
    }

    private static byte[] group(byte type, String... ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(type);
        for (String id : ids) {
            // An id may hold any character, 0 included (the processor rejects such ids, and their
            // results are still audited): 0 and the escape byte are escaped, so 0 only separates.
            for (byte b : (id == null ? "" : id).getBytes(StandardCharsets.UTF_8)) {
                if (b == 0 || b == ESCAPE) {
                    out.write(ESCAPE);
                    out.write(b == 0 ? ESCAPED_ZERO : ESCAPED_ESCAPE);
                } else {
                    out.write(b);
                }
            }
            out.write(0);
        }
        return out.toByteArray();
    }
}
