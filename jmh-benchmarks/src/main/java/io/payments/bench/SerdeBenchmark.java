package io.payments.bench;

import io.payments.avro.LedgerEntry;
import io.payments.avro.Leg;
import io.payments.avro.TransferRequest;
import io.payments.schemas.registry.InMemorySchemaRegistry;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.topics.PaymentTopic;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Confluent wire format as the pipeline uses it: a transfer request (what the client
 * writes and the processor reads) and a ledger entry (what the processor writes and the sink
 * reads), encoded and decoded with the project's serde against a cached registry.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SerdeBenchmark {

    private Serializer<SpecificRecord> commands;
    private Deserializer<SpecificRecord> commandsReader;
    private Serializer<SpecificRecord> entries;
    private Deserializer<SpecificRecord> entriesReader;
    private TransferRequest request;
    private LedgerEntry entry;
    private byte[] requestBytes;
    private byte[] entryBytes;

    @Setup
    public void setUp() {
        PaymentSerdes serdes = new PaymentSerdes(new InMemorySchemaRegistry(), true);
        commands = serdes.<SpecificRecord>forTopic(PaymentTopic.COMMANDS).serializer();
        commandsReader = serdes.<SpecificRecord>forTopic(PaymentTopic.COMMANDS).deserializer();
        entries = serdes.<SpecificRecord>forTopic(PaymentTopic.LEDGER_ENTRIES).serializer();
        entriesReader = serdes.<SpecificRecord>forTopic(PaymentTopic.LEDGER_ENTRIES).deserializer();
        long now = 1_700_000_000_000L;
        request = new TransferRequest("t-000123456", "acct-000042", "acct-000917", 12_345L, "EUR", now, null);
        entry = new LedgerEntry("acct-000042", 17L, -12_345L, "EUR", 987_655L, "t-000123456", "acct-000042",
                "acct-000917", Leg.DEBIT, 3, 123_456L, now, now + 40);
        requestBytes = commands.serialize("payments.commands", request);
        entryBytes = entries.serialize("payments.ledger-entries", entry);
    }

    @Benchmark
    public byte[] encodeTransferRequest() {
        return commands.serialize("payments.commands", request);
    }

    @Benchmark
    public SpecificRecord decodeTransferRequest() {
        return commandsReader.deserialize("payments.commands", requestBytes);
    }

    @Benchmark
    public byte[] encodeLedgerEntry() {
        return entries.serialize("payments.ledger-entries", entry);
    }

    @Benchmark
    public SpecificRecord decodeLedgerEntry() {
        return entriesReader.deserialize("payments.ledger-entries", entryBytes);
    }
}
