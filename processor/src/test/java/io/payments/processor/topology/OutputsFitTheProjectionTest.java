package io.payments.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.avro.AccountKind;
import io.payments.avro.OpenAccount;
import io.payments.avro.TransferRequest;
import io.payments.schemas.topics.PaymentTopic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Whatever a producer sends, every record the processor writes (results, ledger entries, legs on
 * payments.credits, balances) holds only what the sink's columns accept: text without U+0000 or
 * lone surrogates (PostgreSQL's {@code text} refuses the first, UTF-8 cannot encode the second),
 * times the sink turns into {@code timestamptz} within PostgreSQL's range, and enum symbols the
 * tables' CHECK constraints allow (never the reader's default, UNKNOWN). Metadata is the one
 * field no table stores; it is carried to the result untouched unless the request was rejected.
 */
class OutputsFitTheProjectionTest {

    /** PostgreSQL's timestamptz range, 4713 BC to 294276 AD, in milliseconds since the Unix epoch. */
    private static final long PG_EARLIEST = -210_866_803_200_000L;
    private static final long PG_LATEST = 9_224_318_015_999_999L;

    @Property(tries = 100)
    void everyFieldTheProcessorWritesFitsItsColumn(@ForAll("text") String transferId, @ForAll("text") String source,
                                                   @ForAll("text") String destination, @ForAll("text") String currency,
                                                   @ForAll("text") String metadata, @ForAll("times") long requestedAt,
                                                   @ForAll long amount) {
        LedgerTopology.Options options = new LedgerTopology.Options(Duration.ofDays(7), Duration.ofSeconds(1), 100, true,
                100, 1);
        try (TopologyFixture ledger = new TopologyFixture(options)) {
            ledger.open("bank", "EUR", AccountKind.SETTLEMENT);
            ledger.open("alice", "EUR", AccountKind.CUSTOMER);
            long now = ledger.now();
            ledger.commands.pipeInput(source, new TransferRequest(transferId, source, destination, amount, currency,
                    requestedAt, Map.of(metadata, metadata)), now);
            ledger.commands.pipeInput("bank", new TransferRequest(transferId, "bank", destination, amount, currency,
                    requestedAt, Map.of(metadata, metadata)), now);
            ledger.commands.pipeInput("bank", new TransferRequest("t-" + transferId, "bank", "alice", 5L, "EUR",
                    requestedAt, null), now);
            ledger.commands.pipeInput(source, new OpenAccount(transferId, source, currency, AccountKind.CUSTOMER,
                    requestedAt), now);

            List<SpecificRecord> written = new ArrayList<>();
            for (PaymentTopic topic : List.of(PaymentTopic.TRANSFER_RESULTS, PaymentTopic.LEDGER_ENTRIES,
                    PaymentTopic.CREDITS, PaymentTopic.BALANCES)) {
                ledger.driver.createOutputTopic(ledger.topics.name(topic), new StringDeserializer(),
                        ledger.serdes.<SpecificRecord>forTopic(topic).deserializer()).readValuesToList().forEach(written::add);
            }
            assertThat(written).isNotEmpty();
            for (SpecificRecord record : written) {
                checkFields(record, record.getSchema().getName());
            }
        }
    }

    private static void checkFields(SpecificRecord record, String where) {
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            String path = where + "." + field.name();
            if (field.name().equals("metadata")) {
                continue;
            }
            if (value instanceof CharSequence text) {
                assertThat(storable(text.toString())).as("%s = %s", path, text).isTrue();
            } else if (value instanceof Long time && field.name().endsWith("At")) {
                assertThat(time).as(path).isBetween(PG_EARLIEST, PG_LATEST);
            } else if (value instanceof GenericEnumSymbol<?> symbol) {
                assertThat(symbol.toString()).as(path).isNotEqualTo("UNKNOWN");
            } else if (value instanceof SpecificRecord nested) {
                checkFields(nested, path);
            }
        }
    }

    /** What PostgreSQL's text takes: no U+0000, and nothing UTF-8 cannot encode (a lone surrogate). */
    private static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(100),
                Arbitraries.strings().withChars('\u0000', '\u0085', '\uFFFD', 'a', '-', ' ', '\u0007').ofMinLength(1)
                        .ofMaxLength(90),
                Arbitraries.of("alice", "bank", "EUR", "acct-00000\u0000", "EU\u0000", "x".repeat(300)));
    }

    @Provide
    Arbitrary<Long> times() {
        long now = TopologyFixture.REQUESTED_AT;
        return Arbitraries.oneOf(Arbitraries.longs(),
                Arbitraries.of(0L, Long.MAX_VALUE, Long.MIN_VALUE, now, now + Duration.ofDays(1).toMillis() + 1,
                        946_684_799_999L));
    }
}
