package io.payments.schemas.serde;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 strictly: malformed bytes, overlong forms, encoded surrogates and truncated
 * sequences are refused instead of being replaced by U+FFFD, as {@code new String(bytes, UTF_8)},
 * Avro's decoder and Kafka's {@code StringDeserializer} do. Two different byte strings therefore
 * never decode to the same text, and a decoded string encodes back to exactly the bytes it came from.
 */
public final class StrictUtf8 {

    /** One decoder per thread: a CharsetDecoder keeps state between calls. */
    private static final ThreadLocal<CharsetDecoder> DECODERS = ThreadLocal.withInitial(() -> StandardCharsets.UTF_8
            .newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));

    private StrictUtf8() {
    }

    /**
     * The text of {@code length} bytes from {@code offset}.
     *
     * @throws InvalidUtf8Exception if the bytes are not well-formed UTF-8 (RFC 3629)
     */
    public static String decode(byte[] bytes, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] < 0) {
                return decodeNonAscii(bytes, offset, length);
            }
        }
        // Every byte is ASCII, which Latin-1 maps one to one: the cheapest copy into a compact String.
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    public static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    private static String decodeNonAscii(byte[] bytes, int offset, int length) {
        CharsetDecoder decoder = DECODERS.get();
        try {
            CharBuffer text = decoder.reset().decode(ByteBuffer.wrap(bytes, offset, length));
            return text.toString();
        } catch (CharacterCodingException e) {
            throw new InvalidUtf8Exception(describe(bytes, offset, length));
        }
    }

    /** The bytes in hex, at most the first 32, for an error message: they cannot be shown as text. */
    static String describe(byte[] bytes, int offset, int length) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(length, 32); i++) {
            hex.append(i == 0 ? "" : " ").append(String.format("%02X", bytes[offset + i] & 0xff));
        }
        return length + " byte" + (length == 1 ? "" : "s") + " (" + hex + (length > 32 ? " …" : "") + ")";
    }

    /** Bytes that are not well-formed UTF-8; the message shows them in hex. */
    public static final class InvalidUtf8Exception extends IllegalArgumentException {

        InvalidUtf8Exception(String bytes) {
            super("not valid UTF-8: " + bytes);
        }
    }
}
