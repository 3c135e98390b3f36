package io.payments.bench;

import io.payments.avro.TransferRequest;
import io.payments.ledger.Envelope;
import io.payments.schemas.registry.InMemorySchemaRegistry;
import io.payments.schemas.serde.ConfluentWireFormat;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.serde.StrictStringDeserializer;
import io.payments.schemas.topics.KeyPartitioner;
import io.payments.schemas.topics.PaymentTopic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * What the processor checks of every input record because no producer is trusted, each next to
 * what it replaced: strict UTF-8 for keys and Avro strings (Kafka's StringDeserializer and Avro's
 * decoder replace bad bytes instead), the murmur2 partition of the key, and the requestedAt window.
 */
public class InputChecksBenchmark extends NanosecondBenchmark {

    private final Deserializer<String> lenientKeys = new StringDeserializer();
    private final Deserializer<String> strictKeys = new StrictStringDeserializer();
    private byte[] key;
    private byte[] nonAsciiKey;
    private String account;
    private byte[] requestBytes;
    private Deserializer<SpecificRecord> strictReader;
    private SpecificDatumReader<SpecificRecord> lenientReader;
    private BinaryDecoder decoder;
    private long requestedAt;

    @Setup
    public void setUp() {
        key = "acct-000042".getBytes(StandardCharsets.UTF_8);
        nonAsciiKey = "cuenta-añeja-000042".getBytes(StandardCharsets.UTF_8);
        account = "acct-000042";
        PaymentSerdes serdes = new PaymentSerdes(new InMemorySchemaRegistry(), true);
        requestedAt = 1_700_000_000_000L;
        requestBytes = serdes.<SpecificRecord>forTopic(PaymentTopic.COMMANDS).serializer().serialize("payments.commands",
                new TransferRequest("t-000123456", "acct-000042", "acct-000917", 12_345L, "EUR", requestedAt, null));
        strictReader = serdes.<SpecificRecord>forTopic(PaymentTopic.COMMANDS).deserializer();
        SpecificData model = SpecificData.get();
        lenientReader = new SpecificDatumReader<>(PaymentTopic.COMMANDS.valueSchema(), PaymentTopic.COMMANDS.valueSchema(),
                model);
    }

    @Benchmark
    public String keyAsKafkasStringDeserializer() {
        return lenientKeys.deserialize("payments.commands", key);
    }

    @Benchmark
    public String keyStrict() {
        return strictKeys.deserialize("payments.commands", key);
    }

    @Benchmark
    public String keyStrictNonAscii() {
        return strictKeys.deserialize("payments.commands", nonAsciiKey);
    }

    /** Avro's own reading of the body, as the deserializer did before: invalid UTF-8 becomes U+FFFD. */
    @Benchmark
    public SpecificRecord decodeTransferRequestLenient() throws IOException {
        ConfluentWireFormat.schemaId(requestBytes);
        decoder = DecoderFactory.get().binaryDecoder(requestBytes, ConfluentWireFormat.HEADER_SIZE,
                requestBytes.length - ConfluentWireFormat.HEADER_SIZE, decoder);
        return lenientReader.read(null, decoder);
    }

    /** The deserializer the processor runs: header, cached reader, strict strings, nothing left over. */
    @Benchmark
    public SpecificRecord decodeTransferRequestStrict() {
        return strictReader.deserialize("payments.commands", requestBytes);
    }

    @Benchmark
    public int partitionOfKey() {
        return KeyPartitioner.partitionOf(account, 6);
    }

    @Benchmark
    public boolean requestedAtWindow() {
        return new Envelope(account, null, requestedAt, requestedAt + 5).requestedAtPlausible();
    }
}
