package io.payments.testkit;

import io.payments.schemas.serde.ConfluentWireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Record values as an upstream with a writer schema of its own frames them, for tests that send what the pipeline's serdes would not. */
public final class UpstreamFrames {

    private UpstreamFrames() {
    }

    /** The Confluent wire format of {@code record} written with {@code writer}, under schema id {@code id}. */
    public static byte[] frame(int id, Schema writer, Object record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[ConfluentWireFormat.HEADER_SIZE]);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<Object>(writer, GenericData.get()).write(record, encoder);
        encoder.flush();
        byte[] bytes = out.toByteArray();
        ConfluentWireFormat.writeHeader(bytes, id);
        return bytes;
    }
}
