package io.payments.reconcile.log;

import io.payments.avro.CreditLeg;
import io.payments.avro.LedgerEntry;
import io.payments.avro.OpenAccount;
import io.payments.avro.PlaceHold;
import io.payments.avro.PostHold;
import io.payments.avro.RequestType;
import io.payments.avro.TransferRequest;
import io.payments.avro.TransferResult;
import io.payments.avro.VoidHold;
import io.payments.reconcile.audit.Facts;
import io.payments.reconcile.audit.Findings;
import io.payments.reconcile.audit.ViolationKind;
import io.payments.schemas.registry.SchemaRegistryClient;
import io.payments.ledger.Echo;
import io.payments.ledger.LedgerRules;
import io.payments.schemas.serde.PaymentSerdes;
import io.payments.schemas.serde.StrictStringDeserializer;
import io.payments.schemas.serde.WireFormatException;
import io.payments.schemas.topics.DeadLetterHeaders;
import io.payments.schemas.topics.DeadLetterReason;
import io.payments.schemas.topics.KeyPartitioner;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads the snapshot of every topic and writes what each record says as facts. */
public final class LogLoader {

    private final Topics topics;
    private final SnapshotReader reader;
    private final SchemaRegistryClient registry;
    private final Facts facts;
    private final Findings findings;
    private final StrictStringDeserializer keys = new StrictStringDeserializer();
    private final Deserializer<SpecificRecord> creditsReader;

    public LogLoader(Topics topics, SnapshotReader reader, SchemaRegistryClient registry, Facts facts, Findings findings) {
        this.topics = topics;
        this.reader = reader;
        this.registry = registry;
        this.facts = facts;
        this.findings = findings;
        this.creditsReader = new PaymentSerdes(registry, false).<SpecificRecord>forTopic(PaymentTopic.CREDITS).deserializer();
    }

    public void load(LogSnapshot snapshot, LongConsumer progress) {
        for (PaymentTopic topic : LogSnapshot.ORDER) {
            String name = topics.name(topic);
            Deserializer<SpecificRecord> decoder = topic.valueSchema() == null ? null
                    : new PaymentSerdes(registry, false).<SpecificRecord>forTopic(topic).deserializer();
            reader.read(snapshot.ends(name), record -> {
                findings.count(topic.baseName() + " records");
                if (topic == PaymentTopic.DEAD_LETTERS) {
                    deadLetter(record);
                    return;
                }
                SpecificRecord value;
                String key;
                try {
                    key = keys.deserialize(record.topic(), record.key());
                    value = record.value() == null ? null : decoder.deserialize(record.topic(), record.value());
                } catch (WireFormatException e) {
                    undecodable(topic, record, e.failure().name() + ": " + e.getMessage());
                    return;
                }
                if (value == null) {
                    undecodable(topic, record, DeadLetterReason.NULL_VALUE.name());
                } else if (topic == PaymentTopic.CREDITS && !onOwnPartition(key, record)) {
                    facts.refusedInput(topic, record.partition(), record.offset(), record.timestamp(), "WRONG_PARTITION");
                } else {
                    fact(value, key, record);
                }
            }, progress);
        }
    }

    private void fact(SpecificRecord value, String key, ConsumerRecord<byte[], byte[]> record) {
        int partition = record.partition();
        long offset = record.offset();
        // Requests are filed under their ids as results echo them: unchanged when valid, escaped and cut when a
        // rejection echoes an invalid one.
        if (value instanceof TransferRequest t) {
            facts.transferRequest(Echo.cut(t.getSourceAccountId()), Echo.cut(t.getTransferId()), t.getDestinationAccountId(),
                    t.getAmountMinor(), t.getCurrency(), record.timestamp(), partition, offset,
                    refusedForPartition(key, t.getSourceAccountId(), t.getTransferId(), record));
        } else if (value instanceof OpenAccount o) {
            facts.openAccountRequest(Echo.cut(o.getAccountId()), Echo.cut(o.getRequestId()), o.getCurrency(),
                    record.timestamp(), partition, offset, refusedForPartition(key, o.getAccountId(), o.getRequestId(), record));
        } else if (value instanceof PlaceHold h) {
            facts.placeHoldRequest(Echo.cut(h.getSourceAccountId()), Echo.cut(h.getHoldId()), h.getDestinationAccountId(),
                    h.getAmountMinor(), h.getCurrency(), h.getTimeoutSeconds() == null ? -1 : h.getTimeoutSeconds(),
                    record.timestamp(), partition, offset,
                    refusedForPartition(key, h.getSourceAccountId(), h.getHoldId(), record));
        } else if (value instanceof PostHold p) {
            facts.holdCommand(RequestType.POST_HOLD, Echo.cut(p.getSourceAccountId()), Echo.cut(p.getPostId()),
                    Echo.cut(p.getHoldId()), record.timestamp(), partition, offset,
                    refusedForPartition(key, p.getSourceAccountId(), p.getPostId(), record));
        } else if (value instanceof VoidHold v) {
            facts.holdCommand(RequestType.VOID_HOLD, Echo.cut(v.getSourceAccountId()), Echo.cut(v.getVoidId()),
                    Echo.cut(v.getHoldId()), record.timestamp(), partition, offset,
                    refusedForPartition(key, v.getSourceAccountId(), v.getVoidId(), record));
        } else if (value instanceof CreditLeg c) {
            facts.creditLeg(c.getSourceAccountId(), c.getTransferId(), partition, offset);
        } else if (value instanceof LedgerEntry e) {
            facts.entry(e, partition, offset);
        } else if (value instanceof TransferResult r) {
            facts.result(r, partition, offset);
        }
        // Refund legs, retry probes/echoes and hold expiry records are answered by entries and results, which are checked.
    }

    /**
     * Whether the processor must answer this command WRONG_PARTITION: its ids are valid and its key
     * is its account (checked first, with other answers), but the key hashes to another partition.
     */
    private boolean refusedForPartition(String key, String accountId, String requestId, ConsumerRecord<byte[], byte[]> record) {
        return LedgerRules.isValidId(accountId) && LedgerRules.isValidId(requestId) && accountId.equals(key)
                && !onOwnPartition(key, record);
    }

    private boolean onOwnPartition(String key, ConsumerRecord<byte[], byte[]> record) {
        return key != null && KeyPartitioner.partitionOf(record.key(), topics.layout().partitions()) == record.partition();
    }

    private void undecodable(PaymentTopic topic, ConsumerRecord<byte[], byte[]> record, String reason) {
        if (topic == PaymentTopic.COMMANDS) {
            facts.refusedInput(topic, record.partition(), record.offset(), record.timestamp(), reason);
        } else {
            findings.report(ViolationKind.UNREADABLE_RECORD, reason, "topic=" + record.topic(),
                    "partition=" + record.partition(), "offset=" + record.offset());
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record) {
        String topic = header(record, DeadLetterHeaders.TOPIC);
        String partition = header(record, DeadLetterHeaders.PARTITION);
        String offset = header(record, DeadLetterHeaders.OFFSET);
        PaymentTopic input = PaymentTopic.PROCESSOR_INPUTS.stream().filter(t -> topics.name(t).equals(topic)).findFirst()
                .orElse(null);
        if (input == null || partition == null || offset == null) {
            return;
        }
        int origin;
        long at;
        try {
            origin = Integer.parseInt(partition);
            at = Long.parseLong(offset);
        } catch (NumberFormatException e) {
            findings.report(ViolationKind.UNREADABLE_RECORD, "dead letter with a malformed origin " + partition + "@"
                    + offset, "topic=" + record.topic(), "partition=" + record.partition(), "offset=" + record.offset());
            return;
        }
        facts.deadLettered(input, origin, at);
        if (input == PaymentTopic.CREDITS) {
            refusedLeg(record, origin, at);
        }
    }

    /**
     * A leg the processor refused is not one of its transfer's legs; one refused as forged or
     * replayed means someone other than the processor wrote to payments.credits, applied or not.
     */
    private void refusedLeg(ConsumerRecord<byte[], byte[]> record, int partition, long offset) {
        String reason = header(record, DeadLetterHeaders.REASON);
        if (DeadLetterReason.foreignLeg(reason)) {
            findings.report(ViolationKind.LEG_REFUSED, reason + ": " + header(record, DeadLetterHeaders.DETAIL),
                    "topic=" + topics.name(PaymentTopic.CREDITS), "partition=" + partition, "offset=" + offset);
        }
        try {
            if (record.value() != null && creditsReader.deserialize(record.topic(), record.value()) instanceof CreditLeg leg) {
                facts.refusedLeg(leg.getSourceAccountId(), leg.getTransferId(), partition, offset);
            }
        } catch (WireFormatException e) {
            // Not a leg at all (or cut to fit the dead letter): it was never counted as one.
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
