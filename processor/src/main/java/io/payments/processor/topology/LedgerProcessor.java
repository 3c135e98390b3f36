package io.payments.processor.topology;

import io.payments.avro.AccountBalance;
import io.payments.avro.CreditApplied;
import io.payments.avro.CreditLeg;
import io.payments.avro.OpenAccount;
import io.payments.avro.RefundLeg;
import io.payments.avro.TransferRequest;
import io.payments.avro.TransferState;
import io.payments.avro.TransferStatus;
import io.payments.ledger.Account;
import io.payments.ledger.Decision;
import io.payments.ledger.Entry;
import io.payments.ledger.LedgerRules;
import io.payments.ledger.RejectReason;
import io.payments.processor.errors.UnprocessableRecordException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies commands and transfer legs to the accounts of one task, in log order. A transfer is
 * debited on its source's task, credited on its destination's task, and settled back on the
 * source's task (COMPLETED on a {@link CreditApplied}, REVERSED on a {@link RefundLeg}), which
 * writes the one final result, so results come in the source account's order and retries can be
 * answered with the original outcome. Each record's decision is computed before anything is
 * written, and everything it writes commits in one Kafka transaction.
 */
final class LedgerProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    /** Separates account and request id in the requests store's keys; ids cannot contain control characters. */
    private static final char KEY_SEPARATOR = '\u0000';

    private final LedgerTopology.Options options;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, AccountBalance> accounts;
    private KeyValueStore<String, TransferState> requests;
    /**
     * Timestamp of the record being processed, carried to everything it causes: legs stay in the
     * event-time order of their requests (Kafka Streams picks the next record by timestamp across
     * a task's topics), and readers can measure latency from the request's own time.
     */
    private long inputTimestamp;

    LedgerProcessor(LedgerTopology.Options options) {
        this.options = options;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.accounts = context.getStateStore(LedgerTopology.ACCOUNTS_STORE);
        this.requests = context.getStateStore(LedgerTopology.REQUESTS_STORE);
        ExpiredRequestSweeper sweeper = new ExpiredRequestSweeper(requests, options.dedupRetention().toMillis(),
                options.sweepBatch());
        context.schedule(options.sweepInterval(), PunctuationType.WALL_CLOCK_TIME,
                ignored -> sweeper.sweep(context.currentStreamTimeMs()));
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        inputTimestamp = record.timestamp();
        if (value instanceof TransferRequest request) {
            onTransfer(record, request);
        } else if (value instanceof OpenAccount command) {
            onOpenAccount(record, command);
        } else if (value instanceof CreditLeg leg) {
            onCredit(leg);
        } else if (value instanceof RefundLeg leg) {
            onRefund(leg);
        } else if (value instanceof CreditApplied applied) {
            settle(applied.getSourceAccountId(), applied.getTransferId(), TransferStatus.COMPLETED, null, null);
        } else if (value == null) {
            throw new UnprocessableRecordException("NULL_VALUE", "a record without a value is not a command");
        } else {
            throw new UnprocessableRecordException("UNEXPECTED_RECORD_TYPE", value.getSchema().getFullName()
                    + " does not belong on this topic");
        }
    }

    private void onTransfer(Record<String, SpecificRecord> record, TransferRequest request) {
        String sourceId = request.getSourceAccountId();
        TransferState state = AvroMapping.requestState(request, record.timestamp());
        Decision.Rejected untrusted = untrustedRouting(record.key(), request.getTransferId(), sourceId,
                () -> LedgerRules.debit(AvroMapping.transfer(request), null));
        if (untrusted != null) {
            rejectWithoutMemory(state, untrusted);
            return;
        }
        String requestKey = requestKey(sourceId, request.getTransferId());
        TransferState seen = remembered(requestKey, record.timestamp());
        if (seen != null) {
            onRetry(requestKey, seen, state, AvroMapping.sameContent(seen, request));
            return;
        }
        Decision decision = LedgerRules.debit(AvroMapping.transfer(request), account(sourceId));
        if (decision instanceof Decision.Rejected rejected) {
            AvroMapping.reject(state, rejected, now());
            requests.put(requestKey, state);
            emitResult(state, false);
        } else if (decision instanceof Decision.Debited debited) {
            saveAccount(debited.source());
            emitEntry(debited.entry(), request.getTransferId(), sourceId, request.getDestinationAccountId(),
                    request.getRequestedAt());
            context.forward(new Record<String, SpecificRecord>(request.getDestinationAccountId(),
                    new CreditLeg(request.getTransferId(), sourceId, request.getDestinationAccountId(),
                            request.getAmountMinor(), request.getCurrency(), request.getRequestedAt(),
                            debited.entry().version(), request.getMetadata()),
                    inputTimestamp), LedgerTopology.CREDITS_SINK);
            requests.put(requestKey, state);
        }
    }

    private void onOpenAccount(Record<String, SpecificRecord> record, OpenAccount command) {
        TransferState state = AvroMapping.requestState(command, record.timestamp());
        Decision.Rejected untrusted = untrustedRouting(record.key(), command.getRequestId(), command.getAccountId(),
                () -> LedgerRules.open(AvroMapping.openAccount(command), null));
        if (untrusted != null) {
            rejectWithoutMemory(state, untrusted);
            return;
        }
        String requestKey = requestKey(command.getAccountId(), command.getRequestId());
        TransferState seen = remembered(requestKey, record.timestamp());
        if (seen != null) {
            onRetry(requestKey, seen, state, AvroMapping.sameContent(seen, command));
            return;
        }
        Decision decision = LedgerRules.open(AvroMapping.openAccount(command), account(command.getAccountId()));
        if (decision instanceof Decision.Rejected rejected) {
            AvroMapping.reject(state, rejected, now());
        } else if (decision instanceof Decision.Opened opened) {
            saveAccount(opened.account());
            state.setStatus(TransferStatus.COMPLETED);
            state.setDecidedAt(now());
        }
        requests.put(requestKey, state);
        emitResult(state, false);
    }

    private void onCredit(CreditLeg leg) {
        Decision decision = LedgerRules.credit(AvroMapping.creditLeg(leg), account(leg.getDestinationAccountId()));
        if (decision instanceof Decision.Credited credited) {
            saveAccount(credited.destination());
            emitEntry(credited.entry(), leg.getTransferId(), leg.getSourceAccountId(), leg.getSourceAccountId(),
                    leg.getRequestedAt());
            forwardLeg(leg.getSourceAccountId(), new CreditApplied(leg.getTransferId(), leg.getSourceAccountId(),
                    leg.getDestinationAccountId(), leg.getAmountMinor(), leg.getCurrency(), credited.entry().version()));
        } else if (decision instanceof Decision.CreditRefused refused) {
            forwardLeg(leg.getSourceAccountId(), new RefundLeg(leg.getTransferId(), leg.getSourceAccountId(),
                    leg.getDestinationAccountId(), leg.getAmountMinor(), leg.getCurrency(), leg.getRequestedAt(),
                    AvroMapping.reason(refused.reason()), refused.detail(), leg.getMetadata()));
        }
    }

    private void onRefund(RefundLeg leg) {
        Decision.Refunded refunded = LedgerRules.refund(AvroMapping.refundLeg(leg), account(leg.getSourceAccountId()));
        saveAccount(refunded.source());
        emitEntry(refunded.entry(), leg.getTransferId(), leg.getSourceAccountId(), leg.getDestinationAccountId(),
                leg.getRequestedAt());
        settle(leg.getSourceAccountId(), leg.getTransferId(), TransferStatus.REVERSED,
                AvroMapping.reason(RejectReason.valueOf(leg.getReason().name())), leg.getReasonDetail());
    }

    /** The final outcome of a pending transfer, for it and for every retry that waited for it. */
    private void settle(String sourceId, String transferId, TransferStatus status,
                        io.payments.avro.RejectReason reason, String detail) {
        String requestKey = requestKey(sourceId, transferId);
        TransferState state = requests.get(requestKey);
        if (state == null || state.getStatus() != TransferStatus.PENDING) {
            throw new IllegalStateException("transfer " + transferId + " from " + sourceId
                    + " settled as " + status + " but is not pending: " + state);
        }
        state.setStatus(status);
        state.setReason(reason);
        state.setReasonDetail(detail);
        state.setDecidedAt(now());
        emitResult(state, false);
        for (int i = 0; i < state.getWaitingRetries(); i++) {
            emitResult(state, true);
        }
        state.setWaitingRetries(0);
        requests.put(requestKey, state);
    }

    /** A request id seen before: a retry gets the original outcome (when known), other content a rejection. */
    private void onRetry(String requestKey, TransferState seen, TransferState again, boolean sameContent) {
        if (!sameContent) {
            Account source = account(again.getSourceAccountId());
            AvroMapping.reject(again, new Decision.Rejected(RejectReason.ID_REUSED_WITH_DIFFERENT_CONTENT,
                    "id " + again.getTransferId() + " was first used from " + again.getSourceAccountId()
                            + " for another request (" + seen.getRequestType() + " of " + seen.getAmountMinor()
                            + " " + seen.getCurrency() + (seen.getDestinationAccountId() == null ? "" : " to "
                            + seen.getDestinationAccountId()) + ", " + seen.getStatus() + ")", source), now());
            emitResult(again, false);
        } else if (seen.getStatus() == TransferStatus.PENDING) {
            seen.setWaitingRetries(seen.getWaitingRetries() + 1);
            requests.put(requestKey, seen);
        } else {
            emitResult(seen, true);
        }
    }

    /**
     * A request whose id or key cannot be trusted is not remembered: with an invalid id there is
     * nothing to remember it by, and a key other than its account put it on the wrong partition,
     * where the account's state does not live.
     */
    private static Decision.Rejected untrustedRouting(String key, String requestId, String accountId,
                                                      java.util.function.Supplier<Decision> validation) {
        if (!LedgerRules.isValidId(requestId) || !LedgerRules.isValidId(accountId)) {
            return (Decision.Rejected) validation.get();
        }
        if (!accountId.equals(key)) {
            return new Decision.Rejected(RejectReason.INVALID_FIELD, "key: the record key " + (key == null ? "is missing"
                    : "\"" + key + "\" differs") + "; it must be the account the command acts on, \"" + accountId
                    + "\", so the command reaches the partition that holds the account", null);
        }
        return null;
    }

    private void rejectWithoutMemory(TransferState state, Decision.Rejected rejected) {
        AvroMapping.reject(state, rejected, now());
        emitResult(state, false);
    }

    private TransferState remembered(String requestKey, long timestamp) {
        TransferState seen = requests.get(requestKey);
        boolean expired = seen != null && seen.getStatus() != TransferStatus.PENDING
                && timestamp - seen.getFirstSeenAt() > options.dedupRetention().toMillis();
        return expired ? null : seen;
    }

    private Account account(String id) {
        return AvroMapping.account(id, accounts.get(id));
    }

    private void saveAccount(Account account) {
        AccountBalance balance = AvroMapping.accountBalance(account, now());
        accounts.put(account.id(), balance);
        if (options.publishBalances()) {
            context.forward(new Record<String, SpecificRecord>(account.id(), balance, inputTimestamp),
                    LedgerTopology.BALANCES_SINK);
        }
    }

    private void emitEntry(Entry entry, String transferId, String sourceId, String counterparty, long requestedAt) {
        RecordMetadata cause = context.recordMetadata().orElseThrow();
        context.forward(new Record<String, SpecificRecord>(entry.accountId(),
                AvroMapping.ledgerEntry(entry, transferId, sourceId, counterparty, cause, requestedAt, now()),
                inputTimestamp), LedgerTopology.ENTRIES_SINK);
    }

    private void forwardLeg(String key, SpecificRecord leg) {
        context.forward(new Record<>(key, leg, inputTimestamp), LedgerTopology.CREDITS_SINK);
    }

    private void emitResult(TransferState state, boolean duplicate) {
        context.forward(new Record<String, SpecificRecord>(state.getSourceAccountId(),
                AvroMapping.result(state, duplicate), inputTimestamp), LedgerTopology.RESULTS_SINK);
    }

    private long now() {
        return context.currentSystemTimeMs();
    }

    static String requestKey(String accountId, String requestId) {
        return accountId + KEY_SEPARATOR + requestId;
    }
}
