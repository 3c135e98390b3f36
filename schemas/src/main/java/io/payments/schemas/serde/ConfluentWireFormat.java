package io.payments.schemas.serde;

import java.nio.ByteBuffer;

/** Confluent's framing: byte 0 is the magic byte 0, bytes 1-4 the big-endian schema id, then the Avro binary body. */
public final class ConfluentWireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private ConfluentWireFormat() {
    }

    /** Reads and checks the header, returning the writer's schema id. */
    public static int schemaId(byte[] bytes) {
        if (bytes.length == 0) {
            throw new WireFormatException(DecodeFailure.EMPTY_PAYLOAD,
                    "the value is empty; a Confluent wire-format record has at least " + HEADER_SIZE + " bytes");
        }
        if (bytes[0] != MAGIC_BYTE) {
            throw new WireFormatException(DecodeFailure.WRONG_MAGIC_BYTE, String.format(
                    "byte 0 is 0x%02x, expected the magic byte 0x00 of the Confluent wire format", bytes[0] & 0xff));
        }
        if (bytes.length < HEADER_SIZE) {
            throw new WireFormatException(DecodeFailure.TRUNCATED_PAYLOAD, "the value has " + bytes.length
                    + " bytes, too few for the 5-byte header (magic byte and 4-byte schema id)");
        }
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    /** Writes the header into the first 5 bytes of a buffer. */
    public static void writeHeader(byte[] buffer, int schemaId) {
        buffer[0] = MAGIC_BYTE;
        buffer[1] = (byte) (schemaId >>> 24);
        buffer[2] = (byte) (schemaId >>> 16);
        buffer[3] = (byte) (schemaId >>> 8);
        buffer[4] = (byte) schemaId;
    }
}
