package io.payments.reconcile.audit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Writes and reads the fields of a spilled fact; null strings are written as absent. */
final class FactCodec {

    private FactCodec() {
    }

    static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        private final DataOutputStream out = new DataOutputStream(bytes);

        Out string(String value) {
            try {
                out.writeBoolean(value != null);
                if (value != null) {
                    out.writeUTF(value);
                }
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Out number(long value) {
            try {
                out.writeLong(value);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Out nullableNumber(Long value) {
            try {
                out.writeBoolean(value != null);
                out.writeLong(value == null ? 0 : value);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Out flag(boolean value) {
            try {
                out.writeBoolean(value);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    static final class In {
        private final DataInputStream in;

        In(byte[] value) {
            this.in = new DataInputStream(new ByteArrayInputStream(value));
        }

        String string() {
            try {
                return in.readBoolean() ? in.readUTF() : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long number() {
            try {
                return in.readLong();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Long nullableNumber() {
            try {
                boolean present = in.readBoolean();
                long value = in.readLong();
                return present ? value : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        boolean flag() {
            try {
                return in.readBoolean();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
