package io.payments.schemas.serde;

import java.io.IOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Names the field that holds invalid UTF-8 in an Avro body, by walking it with the writer's
 * schema: {@code TransferRequest.transferId}, {@code TransferRequest.metadata (a key)} or
 * {@code TransferRequest.metadata["ref"]}. Only called once a strict decode has failed, so the
 * walk costs nothing on valid records.
 */
final class InvalidUtf8Locator {

    private InvalidUtf8Locator() {
    }

    /** The path of the first string (or promoted bytes) that is not valid UTF-8, or null if none is found. */
    static String locate(Schema writer, byte[] bytes, int offset) {
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(bytes, offset, bytes.length - offset, null);
        try {
            return walk(writer, in, "");
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static String walk(Schema schema, BinaryDecoder in, String path) throws IOException {
        switch (schema.getType()) {
            case RECORD -> {
                String prefix = path.isEmpty() ? schema.getName() : path;
                for (Schema.Field field : schema.getFields()) {
                    String found = walk(field.schema(), in, prefix + "." + field.name());
                    if (found != null) {
                        return found;
                    }
                }
                return null;
            }
            case UNION -> {
                return walk(schema.getTypes().get(in.readIndex()), in, path);
            }
            case STRING, BYTES -> {
                return valid(in.readString(new Utf8())) ? null : path;
            }
            case MAP -> {
                for (long block = in.readMapStart(); block > 0; block = in.mapNext()) {
                    for (long i = 0; i < block; i++) {
                        Utf8 key = in.readString(null);
                        if (!valid(key)) {
                            return path + " (a key)";
                        }
                        String found = walk(schema.getValueType(), in, path + "[\"" + key + "\"]");
                        if (found != null) {
                            return found;
                        }
                    }
                }
                return null;
            }
            case ARRAY -> {
                long index = 0;
                for (long block = in.readArrayStart(); block > 0; block = in.arrayNext()) {
                    for (long i = 0; i < block; i++) {
                        String found = walk(schema.getElementType(), in, path + "[" + index++ + "]");
                        if (found != null) {
                            return found;
                        }
                    }
                }
                return null;
            }
            case ENUM -> in.readEnum();
            case FIXED -> in.skipFixed(schema.getFixedSize());
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case FLOAT -> in.readFloat();
            case DOUBLE -> in.readDouble();
            case BOOLEAN -> in.readBoolean();
            case NULL -> in.readNull();
        }
        return null;
    }

    private static boolean valid(Utf8 text) {
        try {
            StrictUtf8.decode(text.getBytes(), 0, text.getByteLength());
            return true;
        } catch (StrictUtf8.InvalidUtf8Exception e) {
            return false;
        }
    }
}
