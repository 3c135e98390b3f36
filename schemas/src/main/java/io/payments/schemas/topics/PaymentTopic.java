package io.payments.schemas.topics;

import io.payments.avro.AccountBalance;
import io.payments.avro.CreditLeg;
import io.payments.avro.HoldExpiry;
import io.payments.avro.LedgerEntry;
import io.payments.avro.OpenAccount;
import io.payments.avro.PlaceHold;
import io.payments.avro.PostHold;
import io.payments.avro.RefundLeg;
import io.payments.avro.RetryEcho;
import io.payments.avro.RetryProbe;
import io.payments.avro.TransferRequest;
import io.payments.avro.TransferResult;
import io.payments.avro.VoidHold;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The pipeline's topics: base name, value schema and topic configuration. Every topic is keyed
 * by an account id and has the same partition count, so a task owns the same accounts on all of
 * them (commands and credits must be co-partitioned). The logs are kept forever by default:
 * replaying them from the beginning is how the books are reconciled.
 */
public enum PaymentTopic {
    /** The input log. Timestamped by the broker: no producer sets the clock the processor decides by. */
    COMMANDS("payments.commands", Schema.createUnion(OpenAccount.getClassSchema(), TransferRequest.getClassSchema(),
            PlaceHold.getClassSchema(), PostHold.getClassSchema(), VoidHold.getClassSchema()), false, true),
    CREDITS("payments.credits", Schema.createUnion(CreditLeg.getClassSchema(), RefundLeg.getClassSchema(),
            RetryProbe.getClassSchema(), RetryEcho.getClassSchema(), HoldExpiry.getClassSchema()), false, true),
    LEDGER_ENTRIES("payments.ledger-entries", LedgerEntry.getClassSchema(), false, false),
    TRANSFER_RESULTS("payments.transfer-results", TransferResult.getClassSchema(), false, false),
    /** Records that could not be decoded: the original bytes, with the reason and origin in headers. */
    DEAD_LETTERS("payments.dead-letters", null, false, false),
    /** Latest balance per account, for consumers that want current state. */
    BALANCES("payments.balances", AccountBalance.getClassSchema(), true, false);

    /** What the ledger processor reads: its consumer group's committed offsets on these say whether it caught up. */
    public static final List<PaymentTopic> PROCESSOR_INPUTS = List.of(COMMANDS, CREDITS);

    private final String baseName;
    private final Schema valueSchema;
    private final boolean compacted;
    private final boolean brokerTimestamps;

    PaymentTopic(String baseName, Schema valueSchema, boolean compacted, boolean brokerTimestamps) {
        this.baseName = baseName;
        this.valueSchema = valueSchema;
        this.compacted = compacted;
        this.brokerTimestamps = brokerTimestamps;
    }

    public String baseName() {
        return baseName;
    }

    /** The Avro schema of the values, or null for raw bytes (dead letters). */
    public Schema valueSchema() {
        return valueSchema;
    }

    public boolean compacted() {
        return compacted;
    }

    /**
     * Whether the broker stamps each record with its own clock ({@code message.timestamp.type=LogAppendTime}):
     * the processor's inputs, whose record times decide how long a request id is remembered and
     * must not be set by a producer.
     */
    public boolean brokerTimestamps() {
        return brokerTimestamps;
    }

    /**
     * The largest record batch payments.commands takes, in bytes: 512 KiB. A command is a few
     * kilobytes at most (ids of 64 characters, 16 metadata entries); the bound keeps any command,
     * with its headers, small enough that its dead letter or an echo of it fits the 1 MiB every
     * other topic takes, and still lets producers batch.
     */
    public static final int COMMANDS_MAX_MESSAGE_BYTES = 512 * 1024;

    /** Topic-level configuration, given the cluster's min.insync.replicas for this layout. */
    public Map<String, String> config(TopicLayout layout) {
        Map<String, String> config = new HashMap<>(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, compacted ? "604800000" : "-1",
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(layout.minInsyncReplicas()),
                TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, brokerTimestamps ? "LogAppendTime" : "CreateTime"));
        if (this == COMMANDS) {
            config.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(COMMANDS_MAX_MESSAGE_BYTES));
        }
        return Map.copyOf(config);
    }
}
