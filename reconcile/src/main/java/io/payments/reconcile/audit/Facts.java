package io.payments.reconcile.audit;

import io.payments.avro.LedgerEntry;
import io.payments.avro.RequestType;
import io.payments.avro.TransferResult;
import io.payments.reconcile.spill.SpillStore;
import io.payments.schemas.topics.PaymentTopic;

/**
 * Writes what the log and PostgreSQL say into the spill store, keyed so that the audits find
 * everything about one transfer, or one account, together.
 */
public final class Facts {

    static final byte REQUEST = 'a';
    static final byte RESULT = 'b';
    static final byte TRANSFER_ENTRY = 'c';
    static final byte CREDIT_LEG = 'd';
    static final byte REFUSED_LEG = 'e';
    static final byte PG_TRANSFER = 'g';
    /** In a hold's group: a post or void command that names the hold (its id and broker time). */
    static final byte HOLD_COMMAND = 'h';
    /** In a hold's group: an entry of another request (a post's DEBIT, a void's RELEASE) that ends the hold. */
    static final byte HOLD_ENDING = 'i';

    static final byte OPENED = 'a';
    static final byte OPEN_COMMAND = 'b';
    static final byte VERSION = 'v';
    static final byte PG_BALANCE = 'w';
    static final byte REJECTION = 'x';
    /** A hold of the account still open at the end of the log, with its amount: after every entry. */
    static final byte OPEN_HOLD = 'y';
    static final long FROM_LOG = 0;
    static final long FROM_POSTGRES = 1;

    static final byte UNDECODABLE = 'a';
    static final byte DEAD_LETTER = 'b';

    private final SpillStore store;

    public Facts(SpillStore store) {
        this.store = store;
    }

    SpillStore store() {
        return store;
    }

    /** @param wrongPartition the command is on another partition than its key's, and must be answered WRONG_PARTITION */
    public void transferRequest(String sourceAccountId, String transferId, String destinationAccountId, long amountMinor,
                                String currency, long timestamp, int partition, long offset, boolean wrongPartition) {
        request(sourceAccountId, transferId, RequestType.TRANSFER, destinationAccountId, amountMinor, currency, timestamp,
                partition, offset, wrongPartition, -1);
    }

    /**
     * @param timeoutSeconds the hold's timeout as requested, -1 for none
     * @param wrongPartition the command is on another partition than its key's, and must be answered WRONG_PARTITION
     */
    public void placeHoldRequest(String sourceAccountId, String holdId, String destinationAccountId, long amountMinor,
                                 String currency, long timeoutSeconds, long timestamp, int partition, long offset,
                                 boolean wrongPartition) {
        request(sourceAccountId, holdId, RequestType.PLACE_HOLD, destinationAccountId, amountMinor, currency, timestamp,
                partition, offset, wrongPartition, timeoutSeconds);
    }

    /**
     * A post or void: its own request, and a note in the group of the hold it names of when it
     * came (its broker time), for the hold's deadline.
     */
    public void holdCommand(RequestType type, String sourceAccountId, String id, String holdId, long timestamp,
                            int partition, long offset, boolean wrongPartition) {
        request(sourceAccountId, id, type, null, 0, "", timestamp, partition, offset, wrongPartition, -1);
        store.put(FactKeys.key(FactKeys.transferGroup(sourceAccountId, holdId), HOLD_COMMAND, partition, offset),
                new FactCodec.Out().string(id).number(timestamp).bytes());
    }

    /** @param wrongPartition the command is on another partition than its key's, and must be answered WRONG_PARTITION */
    public void openAccountRequest(String accountId, String requestId, String currency, long timestamp, int partition,
                                   long offset, boolean wrongPartition) {
        request(accountId, requestId, RequestType.OPEN_ACCOUNT, null, 0, currency, timestamp, partition, offset,
                wrongPartition, -1);
        store.put(FactKeys.key(FactKeys.accountGroup(accountId), OPEN_COMMAND, partition, offset),
                new FactCodec.Out().string(requestId).bytes());
    }

    private void request(String source, String id, RequestType type, String destination, long amount, String currency,
                         long timestamp, int partition, long offset, boolean wrongPartition, long timeoutSeconds) {
        store.put(FactKeys.key(FactKeys.transferGroup(source, id), REQUEST, partition, offset),
                new FactCodec.Out().string(type.name()).string(destination).number(amount).string(currency)
                        .number(timestamp).flag(wrongPartition).number(timeoutSeconds).bytes());
    }

    /** A hold of the account that no entry ended, for the account's pending debits; {@code n} tells them apart. */
    static void openHold(SpillStore store, String accountId, long n, long amount) {
        store.put(FactKeys.key(FactKeys.accountGroup(accountId), OPEN_HOLD, n), new FactCodec.Out().number(amount).bytes());
    }

    public void result(TransferResult result, int partition, long offset) {
        byte[] group = FactKeys.transferGroup(result.getSourceAccountId(), result.getTransferId());
        store.put(FactKeys.key(group, RESULT, partition, offset), new FactCodec.Out()
                .string(result.getRequestType().name()).string(result.getOutcome().name())
                .string(result.getReason() == null ? null : result.getReason().name())
                .flag(result.getDuplicate()).flag(result.getRecorded()).number(result.getAmountMinor())
                .string(result.getCurrency()).string(result.getDestinationAccountId()).number(partition).number(offset)
                .bytes());
        boolean decisive = result.getRecorded() && !result.getDuplicate();
        if (decisive && result.getRequestType() == RequestType.OPEN_ACCOUNT
                && result.getOutcome() == io.payments.avro.Outcome.COMPLETED && result.getAccountKind() != null) {
            store.put(FactKeys.key(FactKeys.accountGroup(result.getSourceAccountId()), OPENED, partition, offset),
                    new FactCodec.Out().string(result.getAccountKind().name()).string(result.getCurrency())
                            .string(result.getTransferId()).bytes());
        }
        if (decisive && result.getReason() == io.payments.avro.RejectReason.INSUFFICIENT_FUNDS
                && result.getOutcome() == io.payments.avro.Outcome.REJECTED) {
            store.put(FactKeys.key(FactKeys.accountGroup(result.getSourceAccountId()), REJECTION, partition, offset),
                    new FactCodec.Out().string(result.getTransferId()).string(result.getDestinationAccountId())
                            .number(result.getAmountMinor())
                            .string(result.getCurrency()).nullableNumber(result.getObservedBalanceMinor())
                            .nullableNumber(result.getObservedVersion())
                            .nullableNumber(result.getObservedPendingDebitsMinor()).bytes());
        }
    }

    public void entry(LedgerEntry entry, int partition, long offset) {
        store.put(FactKeys.key(FactKeys.transferGroup(entry.getSourceAccountId(), entry.getTransferId()), TRANSFER_ENTRY,
                        partition, offset),
                new FactCodec.Out().string(entry.getLeg().name()).string(entry.getAccountId())
                        .number(entry.getAmountMinor()).string(entry.getCurrency()).number(entry.getPendingChangeMinor())
                        .bytes());
        store.put(FactKeys.key(FactKeys.accountGroup(entry.getAccountId()), VERSION, entry.getAccountVersion(), FROM_LOG,
                        partition, offset),
                version(entry.getAmountMinor(), entry.getBalanceAfterMinor(), entry.getCurrency(), entry.getLeg().name(),
                        entry.getTransferId(), entry.getSourceAccountId(), entry.getCounterpartyAccountId(),
                        entry.getPendingChangeMinor(), entry.getPendingDebitsAfterMinor(), entry.getHoldId()));
        boolean endsAnotherRequestsHold = entry.getHoldId() != null && !entry.getHoldId().equals(entry.getTransferId())
                && entry.getAccountId().equals(entry.getSourceAccountId());
        if (endsAnotherRequestsHold) {
            store.put(FactKeys.key(FactKeys.transferGroup(entry.getSourceAccountId(), entry.getHoldId()), HOLD_ENDING,
                            partition, offset),
                    new FactCodec.Out().string(entry.getLeg().name()).string(entry.getTransferId()).bytes());
        }
    }

    public void creditLeg(String sourceAccountId, String transferId, int partition, long offset) {
        store.put(FactKeys.key(FactKeys.transferGroup(sourceAccountId, transferId), CREDIT_LEG, partition, offset),
                new byte[0]);
    }

    /** A credit leg the processor dead-lettered (forged, replayed, misplaced): not one of the transfer's legs. */
    public void refusedLeg(String sourceAccountId, String transferId, int partition, long offset) {
        store.put(FactKeys.key(FactKeys.transferGroup(sourceAccountId, transferId), REFUSED_LEG, partition, offset),
                new byte[0]);
    }

    /** An input record the processor must dead-letter: undecodable, or a credits-topic record on a wrong partition. */
    public void refusedInput(PaymentTopic topic, int partition, long offset, long timestamp, String reason) {
        store.put(FactKeys.key(FactKeys.undecodableGroup(topic, partition, offset), UNDECODABLE),
                new FactCodec.Out().number(timestamp).string(reason).bytes());
    }

    public void deadLettered(PaymentTopic topic, int partition, long offset) {
        store.put(FactKeys.key(FactKeys.undecodableGroup(topic, partition, offset), DEAD_LETTER), new byte[0]);
    }

    public void postgresEntry(String accountId, long version, long amountMinor, long balanceAfterMinor, String currency,
                              String leg, String transferId, String sourceAccountId, String counterpartyAccountId,
                              long pendingChangeMinor, long pendingDebitsAfterMinor, String holdId) {
        store.put(FactKeys.key(FactKeys.accountGroup(accountId), VERSION, version, FROM_POSTGRES, 0, 0),
                version(amountMinor, balanceAfterMinor, currency, leg, transferId, sourceAccountId, counterpartyAccountId,
                        pendingChangeMinor, pendingDebitsAfterMinor, holdId));
    }

    public void postgresBalance(String accountId, long version, long balanceMinor, String currency) {
        store.put(FactKeys.key(FactKeys.accountGroup(accountId), PG_BALANCE),
                new FactCodec.Out().number(version).number(balanceMinor).string(currency).bytes());
    }

    public void postgresTransfer(String sourceAccountId, String transferId, String status) {
        store.put(FactKeys.key(FactKeys.transferGroup(sourceAccountId, transferId), PG_TRANSFER),
                new FactCodec.Out().string(status).bytes());
    }

    private static byte[] version(long amount, long balanceAfter, String currency, String leg, String transferId,
                                  String source, String counterparty, long pendingChange, long pendingAfter,
                                  String holdId) {
        return new FactCodec.Out().number(amount).number(balanceAfter).string(currency).string(leg).string(transferId)
                .string(source).string(counterparty).number(pendingChange).number(pendingAfter).string(holdId).bytes();
    }

    /** An entry's content as both the log and PostgreSQL hold it. */
    record Version(long amount, long balanceAfter, String currency, String leg, String transferId, String source,
                   String counterparty, long pendingChange, long pendingAfter, String holdId) {

        static Version read(byte[] value) {
            FactCodec.In in = new FactCodec.In(value);
            return new Version(in.number(), in.number(), in.string(), in.string(), in.string(), in.string(), in.string(),
                    in.number(), in.number(), in.string());
        }
    }
}
