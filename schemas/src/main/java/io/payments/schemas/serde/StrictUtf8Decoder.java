package io.payments.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary decoder that refuses strings that are not well-formed UTF-8, where Avro's own
 * turns them into U+FFFD (so two different ids could decode to one). Everything else is the
 * wrapped {@link BinaryDecoder}'s.
 *
 * <p>Byte fields are checked too: the pipeline's reader schemas have no {@code bytes} type, so a
 * {@code bytes} value is only ever read when Avro promotes a writer's {@code bytes} to a reader's
 * {@code string} (Avro specification, "Schema Resolution"), and that promotion decodes without a check.
 */
final class StrictUtf8Decoder extends Decoder {

    private BinaryDecoder in;
    /** The bytes of the string being read, reused from one string to the next. */
    private final Utf8 scratch = new Utf8();

    StrictUtf8Decoder wrap(BinaryDecoder decoder) {
        this.in = decoder;
        return this;
    }

    @Override
    public String readString() throws IOException {
        Utf8 text = in.readString(scratch);
        return StrictUtf8.decode(text.getBytes(), 0, text.getByteLength());
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        Utf8 text = in.readString(old);
        StrictUtf8.decode(text.getBytes(), 0, text.getByteLength());
        return text;
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        ByteBuffer bytes = in.readBytes(old);
        StrictUtf8.decode(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        return bytes;
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public void skipString() throws IOException {
        in.skipString();
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipBytes();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return in.readArrayStart();
    }

    @Override
    public long arrayNext() throws IOException {
        return in.arrayNext();
    }

    @Override
    public long skipArray() throws IOException {
        return in.skipArray();
    }

    @Override
    public long readMapStart() throws IOException {
        return in.readMapStart();
    }

    @Override
    public long mapNext() throws IOException {
        return in.mapNext();
    }

    @Override
    public long skipMap() throws IOException {
        return in.skipMap();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }

    @Override
    public int remainingBytes() {
        return in.remainingBytes();
    }
}
