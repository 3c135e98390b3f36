package io.payments.bench;

import io.payments.avro.LedgerEntry;
import io.payments.avro.Leg;
import io.payments.avro.TransferRequest;
import io.payments.schemas.registry.InMemorySchemaRegistry;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.topics.PaymentTopic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The Confluent wire format as the pipeline uses it: a transfer request (what the client
 * writes and the processor reads) and a ledger entry (what the processor writes and the sink
 * reads), encoded and decoded with the project's serde against a cached registry.
 */
public class SerdeBenchmark extends NanosecondBenchmark {

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
                "acct-000917", Leg.DEBIT, 3, 123_456L, now, now + 40, 0L, 0L, null);
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
