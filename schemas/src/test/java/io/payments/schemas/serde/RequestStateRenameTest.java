package io.payments.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.avro.AccountKind;
import io.payments.avro.RejectReason;
import io.payments.avro.RequestState;
import io.payments.avro.RequestType;
import io.payments.avro.TransferStatus;
import io.payments.schemas.registry.InMemorySchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * The requests store's values were written as {@code TransferState}, whose {@code transferId}
 * held any request's id. Renamed {@code RequestState} and {@code requestId}, with aliases, the
 * schema reads what the release before wrote (restored stores, changelogs) and follows it under
 * the changelog's subject.
 */
class RequestStateRenameTest {

    private static final String CHANGELOG = "payments-processor-processor-requests-changelog";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void stateWrittenAsTransferStateIsReadAsRequestState() throws IOException {
        Schema before = transferStateSchema();
        int beforeId = registry.register(CHANGELOG + "-value", before);
        GenericRecord written = new GenericData.Record(before);
        written.put("requestType", new GenericData.EnumSymbol(before.getField("requestType").schema(), "TRANSFER"));
        written.put("transferId", "t-1");
        written.put("sourceAccountId", "alice");
        written.put("destinationAccountId", "bob");
        written.put("amountMinor", 500L);
        written.put("currency", "EUR");
        written.put("metadata", Map.of("invoice", "42"));
        written.put("requestedAt", 1_700_000_000_000L);
        written.put("firstSeenAt", 1_700_000_000_005L);
        written.put("status", new GenericData.EnumSymbol(before.getField("status").schema(), "DEBITED"));
        written.put("pendingProbes", 1);
        written.put("debitVersion", 7L);

        AvroSerde<RequestState> serde = new PaymentSerdes(registry, true).forSchema(RequestState.getClassSchema());
        RequestState read = serde.deserializer().deserialize(CHANGELOG, wireFormat(beforeId, before, written));

        assertThat(read).isEqualTo(new RequestState(RequestType.TRANSFER, "t-1", "alice", "bob", 500L, "EUR", null,
                Map.of("invoice", "42"), 1_700_000_000_000L, 1_700_000_000_005L, TransferStatus.DEBITED, null, null, null,
                null, null, 1, 7L, null, null, null, null, null));
        assertThat(serde.serializer().serialize(CHANGELOG, read)).as("registered after the old schema, under its subject")
                .isNotNull();
        assertThat(registry.versions(CHANGELOG + "-value")).hasSize(2);
    }

    /** The schema of the release before, as it was checked in (its named types are today's). */
    private static Schema transferStateSchema() throws IOException {
        try (InputStream avsc = RequestStateRenameTest.class.getResourceAsStream("TransferState-before-rename.avsc")) {
            return new Schema.Parser().addTypes(List.of(RequestType.getClassSchema(), AccountKind.getClassSchema(),
                    RejectReason.getClassSchema())).parse(avsc);
        }
    }

    private static byte[] wireFormat(int schemaId, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[ConfluentWireFormat.HEADER_SIZE]);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        byte[] bytes = out.toByteArray();
        ConfluentWireFormat.writeHeader(bytes, schemaId);
        return bytes;
    }
}
