package io.payments.processor.topology;

import io.payments.avro.AccountBalance;
import io.payments.avro.CreditLeg;
import io.payments.avro.HoldExpiry;
import io.payments.avro.OpenAccount;
import io.payments.avro.PlaceHold;
import io.payments.avro.PostHold;
import io.payments.avro.RefundLeg;
import io.payments.avro.RequestState;
import io.payments.avro.RequestType;
import io.payments.avro.RetryEcho;
import io.payments.avro.RetryProbe;
import io.payments.avro.TransferRequest;
import io.payments.avro.TransferStatus;
import io.payments.avro.VoidHold;
import io.payments.ledger.Account;
import io.payments.ledger.Command;
import io.payments.ledger.Decision;
import io.payments.ledger.Echo;
import io.payments.ledger.Entry;
import io.payments.ledger.Envelope;
import io.payments.ledger.Hold;
import io.payments.ledger.LedgerRules;
import io.payments.ledger.RejectReason;
import io.payments.ledger.Remembered;
import io.payments.processor.errors.UnprocessableRecordException;
import io.payments.processor.legs.LegAuthentication;
import io.payments.processor.metrics.LedgerMeters;
import io.payments.schemas.topics.DeadLetterReason;
import io.payments.schemas.topics.KeyPartitioner;
import io.payments.schemas.topics.PaymentTopic;
import java.util.function.LongFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies commands and transfer legs to the accounts of one task, in log order. A transfer is
 * debited on its source's task and credited on its destination's task, which writes the
 * COMPLETED result; if the credit cannot be applied, a refund goes back to the source's task,
 * which writes the REVERSED result. Each record's decision is computed before anything is
 * written, and everything it writes commits in one Kafka transaction.
 *
 * <p>A retry of a debited transfer is answered after a round trip through the destination's
 * partition ({@link RetryProbe}, {@link RetryEcho}): the probe follows the credit there, and the
 * echo follows any refund back, so the source's task knows the outcome when the echo arrives.
 */
final class LedgerProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private final LedgerTopology.Options options;
    private final LegAuthentication legs;
    private final LedgerMeters meters;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, AccountBalance> accounts;
    private KeyValueStore<String, RequestState> requests;
    private KeyValueStore<String, Long> credited;
    private HoldDeadlines holdDeadlines;
    /** The offset of this task's partition of payments.credits from which every leg must be signed. */
    private long signedLegsFrom;
    private final RecentAccounts recentAccounts;
    /**
     * Timestamp of the record being processed, carried to everything it causes. The inputs are
     * timestamped by the broker (LogAppendTime), so for a command it is when the broker took it.
     */
    private long inputTimestamp;
    /**
     * The task's clock: the latest broker time of a command it has read, or -1 before the first.
     * Remembered ids expire and are swept by it, never by a time a producer wrote, nor by Kafka
     * Streams' stream time, which an older record with a producer's timestamp may have moved.
     */
    private long brokerTime = -1;

    LedgerProcessor(LedgerTopology.Options options, LegAuthentication legs, LedgerMeters meters) {
        this.options = options;
        this.legs = legs;
        this.meters = meters;
        this.recentAccounts = new RecentAccounts(options.accountCacheSize());
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.accounts = context.getStateStore(LedgerTopology.ACCOUNTS_STORE);
        // The store may have been wiped and restored, or rolled back, since this instance last ran.
        recentAccounts.clear();
        this.requests = context.getStateStore(LedgerTopology.REQUESTS_STORE);
        this.credited = context.getStateStore(LedgerTopology.CREDITED_STORE);
        KeyValueStore<String, Long> layout = context.getStateStore(LedgerTopology.LAYOUT_STORE);
        TaskLayout.check(layout, context.taskId(), options.partitions());
        signedLegsFrom = TaskLayout.signedLegsFrom(layout, context.taskId(),
                legs.unsignedBelow(context.taskId().partition()));
        ExpiredRequestSweeper sweeper = new ExpiredRequestSweeper(requests, options.dedupKept().toMillis(),
                options.sweepBatch());
        context.schedule(options.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, ignored -> sweeper.sweep(brokerTime));
        // An expiry record normally comes back within a commit; one lost with an aborted transaction is written again.
        holdDeadlines = new HoldDeadlines(context.getStateStore(LedgerTopology.HOLD_DEADLINES_STORE), requests,
                Math.max(10_000, 10 * options.holdExpiryInterval().toMillis()));
        context.schedule(options.holdExpiryInterval(), PunctuationType.WALL_CLOCK_TIME, now -> {
            inputTimestamp = now;
            holdDeadlines.expireDue(now, expiry -> forward(expiry.getSourceAccountId(), expiry,
                    LedgerTopology.sink(PaymentTopic.CREDITS)));
        });
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        inputTimestamp = record.timestamp();
        if (value instanceof TransferRequest request) {
            onRequest(record.key(), AvroMapping.transfer(request), request.getRequestedAt(),
                    requestedAt -> AvroMapping.requestState(request, requestedAt, inputTimestamp));
        } else if (value instanceof OpenAccount command) {
            onRequest(record.key(), AvroMapping.openAccount(command), command.getRequestedAt(),
                    requestedAt -> AvroMapping.requestState(command, requestedAt, inputTimestamp));
        } else if (value instanceof PlaceHold command) {
            onRequest(record.key(), HoldMapping.placeHold(command), command.getRequestedAt(),
                    requestedAt -> HoldMapping.requestState(command, requestedAt, inputTimestamp));
        } else if (value instanceof PostHold command) {
            onRequest(record.key(), HoldMapping.postHold(command), command.getRequestedAt(),
                    requestedAt -> HoldMapping.requestState(command, requestedAt, inputTimestamp));
        } else if (value instanceof VoidHold command) {
            onRequest(record.key(), HoldMapping.voidHold(command), command.getRequestedAt(),
                    requestedAt -> HoldMapping.requestState(command, requestedAt, inputTimestamp));
        } else if (value != null && !onOwnPartition(record.key())) {
            meters.wrongPartition(PaymentTopic.CREDITS);
            throw new UnprocessableRecordException(DeadLetterReason.WRONG_PARTITION, wrongPartition(record.key()));
        } else if (value != null && !legitimateLeg(record.key(), value)) {
            throw new UnprocessableRecordException(DeadLetterReason.FORGED_LEG, value.getSchema().getName()
                    + " is not signed with the processor's key for this key and partition: only the processor "
                    + "writes payments.credits");
        } else if (value instanceof CreditLeg leg) {
            onCredit(leg);
        } else if (value instanceof RefundLeg leg) {
            onRefund(leg);
        } else if (value instanceof RetryProbe probe) {
            forward(probe.getSourceAccountId(), new RetryEcho(probe.getTransferId(), probe.getSourceAccountId(),
                    probe.getDestinationAccountId(), null, null), LedgerTopology.sink(PaymentTopic.CREDITS));
        } else if (value instanceof RetryEcho echo) {
            onRetryEcho(echo);
        } else if (value instanceof HoldExpiry expiry) {
            onHoldExpiry(expiry);
        } else if (value == null) {
            throw new UnprocessableRecordException(DeadLetterReason.NULL_VALUE, "a record without a value is not a command");
        } else {
            throw new UnprocessableRecordException(DeadLetterReason.UNEXPECTED_RECORD_TYPE, value.getSchema().getFullName()
                    + " does not belong on this topic");
        }
    }

    /**
     * A request (a transfer, an account opening, a hold, a post or a void), mapped to the ledger's
     * command once: decided once against its envelope, its account, what is remembered about its
     * id and the hold it names, and the decision written. {@code newState} makes what the requests
     * store remembers of it, given the envelope's requestedAt; a retry answered from the store
     * needs none.
     */
    private void onRequest(String key, Command.Request request, long requestedAt, LongFunction<RequestState> newState) {
        brokerTime = Math.max(brokerTime, inputTimestamp);
        Envelope envelope = envelope(key, requestedAt);
        String requestKey = Remembered.key(request.accountId(), request.requestId());
        RequestState seen = remembered(requestKey);
        Decision decision = LedgerRules.decide(request, envelope, account(request.accountId()), AvroMapping.remembered(seen),
                holdNamedBy(request));
        if (decision instanceof Decision.Duplicate) {
            emitResult(seen, true, true);
            return;
        }
        if (decision instanceof Decision.Probe) {
            probe(requestKey, seen);
            return;
        }
        RequestState state = newState.apply(envelope.requestedAtOrReceived());
        if (decision instanceof Decision.Rejected rejected) {
            reject(requestKey, state, request.echoed(), rejected);
        } else if (decision instanceof Decision.Debited debited) {
            debit(requestKey, state, debited.source(), debited.entry());
        } else if (decision instanceof Decision.Held held) {
            place(requestKey, state, held);
        } else if (decision instanceof Decision.Posted posted) {
            post(requestKey, state, posted);
        } else if (decision instanceof Decision.Voided voided) {
            voidHold(requestKey, state, voided);
        } else {
            open(requestKey, state, (Decision.Opened) decision);
        }
    }

    /** The hold a post or void names, as this task keeps it; null for other requests and for a hold it does not have. */
    private Hold holdNamedBy(Command.Request request) {
        String holdId = request instanceof Command.PostHold post ? post.holdId()
                : request instanceof Command.VoidHold voided ? voided.holdId() : null;
        return holdId == null || !LedgerRules.isValidId(holdId) ? null
                : HoldMapping.hold(remembered(Remembered.key(request.accountId(), holdId)));
    }

    /** Writes an opening: the new account, the request as COMPLETED, and its result. */
    private void open(String requestKey, RequestState state, Decision.Opened opened) {
        saveAccount(opened.account());
        state.setDecidedAt(now());
        requests.put(requestKey, state);
        emitResult(state, false, true);
    }

    /**
     * Writes a debit, a transfer's or a post's: the source's new state and entry, the credit leg to
     * the destination, the request as DEBITED.
     */
    private void debit(String requestKey, RequestState state, Account source, Entry entry) {
        saveAccount(source);
        emitEntry(entry, state.getRequestId(), state.getSourceAccountId(), state.getDestinationAccountId(),
                state.getHoldId(), state.getRequestedAt());
        forward(state.getDestinationAccountId(), new CreditLeg(state.getRequestId(), state.getSourceAccountId(),
                state.getDestinationAccountId(), state.getAmountMinor(), state.getCurrency(), state.getRequestedAt(),
                entry.version(), state.getMetadata(), state.getRequestType() == RequestType.TRANSFER ? null
                : state.getRequestType(), state.getHoldId(), null, null), LedgerTopology.sink(PaymentTopic.CREDITS));
        state.setDebitVersion(entry.version());
        requests.put(requestKey, state);
    }

    /** Writes a hold placed: the source's pending debits and HOLD entry, the hold kept with its request, its result HELD. */
    private void place(String holdKey, RequestState state, Decision.Held held) {
        saveAccount(held.source());
        emitEntry(held.entry(), state.getRequestId(), state.getSourceAccountId(), state.getDestinationAccountId(),
                state.getRequestId(), state.getRequestedAt());
        state.setHold(HoldMapping.holdState(held.hold()));
        state.setDecidedAt(now());
        requests.put(holdKey, state);
        holdDeadlines.add(holdKey, held.hold());
        emitResult(state, false, true);
    }

    /**
     * Writes a post: the hold POSTED, then the post's debit as a transfer's, to the hold's
     * destination with the hold's currency and metadata; its result comes with its credit.
     */
    private void post(String requestKey, RequestState state, Decision.Posted posted) {
        RequestState placed = endHold(posted.hold());
        state.setDestinationAccountId(placed.getDestinationAccountId());
        state.setAmountMinor(posted.hold().postedAmount());
        state.setCurrency(placed.getCurrency());
        state.setMetadata(placed.getMetadata());
        debit(requestKey, state, posted.source(), posted.entry());
    }

    /** Writes a void: the hold VOIDED, the source's RELEASE entry, the void COMPLETED. */
    private void voidHold(String requestKey, RequestState state, Decision.Voided voided) {
        RequestState placed = endHold(voided.hold());
        saveAccount(voided.source());
        state.setDestinationAccountId(placed.getDestinationAccountId());
        state.setAmountMinor(placed.getAmountMinor());
        state.setCurrency(placed.getCurrency());
        state.setMetadata(placed.getMetadata());
        emitEntry(voided.entry(), state.getRequestId(), state.getSourceAccountId(), state.getDestinationAccountId(),
                state.getHoldId(), state.getRequestedAt());
        state.setDecidedAt(now());
        requests.put(requestKey, state);
        emitResult(state, false, true);
    }

    /**
     * An expiry record the task wrote for itself, read back: the hold expires if it is still open
     * and its deadline has come at this record's broker time; otherwise (ended since, or written
     * again while the first was in flight) nothing changes.
     */
    private void onHoldExpiry(HoldExpiry expiry) {
        Hold hold = HoldMapping.hold(remembered(Remembered.key(expiry.getSourceAccountId(), expiry.getHoldId())));
        Decision.OfExpiry decision = LedgerRules.decideExpiry(hold, account(expiry.getSourceAccountId()), inputTimestamp);
        if (decision instanceof Decision.Expired expired) {
            RequestState placed = endHold(expired.hold());
            saveAccount(expired.source());
            emitEntry(expired.entry(), placed.getRequestId(), placed.getSourceAccountId(),
                    placed.getDestinationAccountId(), placed.getRequestId(), placed.getRequestedAt());
        }
    }

    /** Keeps a hold's ending with the request that placed it, and takes it off the deadlines; returns that request. */
    private RequestState endHold(Hold ended) {
        String holdKey = Remembered.key(ended.sourceAccountId(), ended.holdId());
        RequestState placed = requests.get(holdKey);
        placed.setHold(HoldMapping.holdState(ended));
        requests.put(holdKey, placed);
        holdDeadlines.remove(holdKey, ended);
        return placed;
    }

    /**
     * Answers a rejection; remembers it under the request's id when the decision says it is
     * recorded. The state's fields become the ledger's echo of the request.
     */
    private void reject(String requestKey, RequestState state, Command.Request echoed, Decision.Rejected rejected) {
        if (rejected.reason() == RejectReason.WRONG_PARTITION) {
            meters.wrongPartition(PaymentTopic.COMMANDS);
        }
        AvroMapping.reject(state, echoed, rejected, now());
        if (rejected.recorded()) {
            requests.put(requestKey, state);
        }
        emitResult(state, false, rejected.recorded());
    }

    /** A retry of a debited transfer: the answer waits for a probe's round trip through the destination's partition. */
    private void probe(String requestKey, RequestState seen) {
        seen.setPendingProbes(seen.getPendingProbes() + 1);
        requests.put(requestKey, seen);
        forward(seen.getDestinationAccountId(), new RetryProbe(seen.getRequestId(), seen.getSourceAccountId(),
                seen.getDestinationAccountId(), null, null), LedgerTopology.sink(PaymentTopic.CREDITS));
    }

    /**
     * A credit is applied once per debit. A source's credit legs reach a destination's partition
     * in the order of the source's debits, so remembering, per source, the highest debit version
     * applied here refuses a replay or a copy of one, even under an id reused since.
     */
    private void onCredit(CreditLeg leg) {
        Long applied = credited.get(leg.getSourceAccountId());
        if (applied != null && leg.getDebitVersion() <= applied) {
            throw new UnprocessableRecordException(DeadLetterReason.REPLAYED_LEG, "the credit of debit version " + leg.getDebitVersion()
                    + " of " + leg.getSourceAccountId() + " was applied here already (up to version " + applied + ")");
        }
        credited.put(leg.getSourceAccountId(), leg.getDebitVersion());
        Decision.OfCredit decision = LedgerRules.decideCredit(AvroMapping.creditLeg(leg),
                account(leg.getDestinationAccountId()));
        if (decision instanceof Decision.Credited credit) {
            saveAccount(credit.destination());
            emitEntry(credit.entry(), leg.getTransferId(), leg.getSourceAccountId(), leg.getSourceAccountId(),
                    leg.getHoldId(), leg.getRequestedAt());
            forward(leg.getSourceAccountId(), AvroMapping.completed(leg, now()), LedgerTopology.sink(PaymentTopic.TRANSFER_RESULTS));
        } else if (decision instanceof Decision.CreditRefused refused) {
            forward(leg.getSourceAccountId(), new RefundLeg(leg.getTransferId(), leg.getSourceAccountId(),
                    leg.getDestinationAccountId(), leg.getAmountMinor(), leg.getCurrency(), leg.getRequestedAt(),
                    AvroMapping.reason(refused.reason()), refused.detail(), leg.getMetadata(), leg.getDebitVersion(),
                    leg.getRequestType(), leg.getHoldId(), null, null),
                    LedgerTopology.sink(PaymentTopic.CREDITS));
        }
    }

    /**
     * A refund gives back what was debited, once: only for a request of this source that is still
     * debited (not yet refunded) by the debit the refund names, with the same destination, amount
     * and currency. A refund for a request refunded already, no longer remembered, or debited again
     * under a reused id is a replay; one that passes the signature and names the debit but does
     * not match it is a bug.
     */
    private void onRefund(RefundLeg leg) {
        String requestKey = Remembered.key(leg.getSourceAccountId(), leg.getTransferId());
        RequestState state = requests.get(requestKey);
        boolean legacy = leg.getMac() == null;
        if (state == null && legacy) {
            // Swept while an unsigned refund of the release before was in flight: the leg itself tells the request.
            state = AvroMapping.requestState(new TransferRequest(leg.getTransferId(), leg.getSourceAccountId(),
                    leg.getDestinationAccountId(), leg.getAmountMinor(), leg.getCurrency(), leg.getRequestedAt(),
                    leg.getMetadata()), leg.getRequestedAt(), inputTimestamp);
        } else if (state == null || state.getStatus() != TransferStatus.DEBITED) {
            throw new UnprocessableRecordException(DeadLetterReason.REPLAYED_LEG, "the refund of transfer " + leg.getTransferId()
                    + " of " + leg.getSourceAccountId() + " matches no debited request here ("
                    + (state == null ? "none remembered" : state.getStatus()) + ")");
        } else if (state.getDebitVersion() != null && !state.getDebitVersion().equals(leg.getDebitVersion())) {
            throw new UnprocessableRecordException(DeadLetterReason.REPLAYED_LEG, "the refund of transfer " + leg.getTransferId()
                    + " of " + leg.getSourceAccountId() + " gives back debit version " + leg.getDebitVersion()
                    + ", but the request debited here under that id is version " + state.getDebitVersion()
                    + " (the id was reused after the first was forgotten)");
        } else if (state.getAmountMinor() != leg.getAmountMinor() || !state.getCurrency().equals(leg.getCurrency())
                || !state.getDestinationAccountId().equals(leg.getDestinationAccountId())) {
            throw new IllegalStateException("A signed refund of transfer " + leg.getTransferId() + " of "
                    + leg.getSourceAccountId() + " (" + leg.getAmountMinor() + " " + leg.getCurrency() + " from "
                    + leg.getDestinationAccountId() + ") does not match its debit (" + state.getAmountMinor() + " "
                    + state.getCurrency() + " to " + state.getDestinationAccountId() + ")");
        }
        Decision.Refunded refunded = LedgerRules.decideRefund(AvroMapping.refundLeg(leg), account(leg.getSourceAccountId()));
        saveAccount(refunded.source());
        emitEntry(refunded.entry(), leg.getTransferId(), leg.getSourceAccountId(), leg.getDestinationAccountId(),
                leg.getHoldId(), leg.getRequestedAt());
        state.setStatus(TransferStatus.REVERSED);
        state.setReason(leg.getReason());
        state.setReasonDetail(leg.getReasonDetail());
        state.setDecidedAt(now());
        requests.put(requestKey, state);
        emitResult(state, false, true);
    }

    /**
     * The probe went through the destination's partition after the credit; a refund, if any, came
     * before this. Each echo answers one probe the request sent: one beyond them is a replay.
     */
    private void onRetryEcho(RetryEcho echo) {
        String requestKey = Remembered.key(echo.getSourceAccountId(), echo.getTransferId());
        RequestState state = requests.get(requestKey);
        boolean legacy = echo.getMac() == null;
        if (state == null || (!legacy && state.getPendingProbes() == 0)) {
            throw new UnprocessableRecordException(DeadLetterReason.REPLAYED_LEG, "a retry echo of transfer " + echo.getTransferId()
                    + " of " + echo.getSourceAccountId() + " answers no probe sent here");
        }
        if (!legacy) {
            state.setPendingProbes(state.getPendingProbes() - 1);
            requests.put(requestKey, state);
        }
        emitResult(state, true, true);
    }

    /**
     * Whether a payments.credits record is the processor's own: signed with one of its keys for
     * this key and partition, or unsigned below the offset where this task began requiring
     * signatures (written by the release before).
     */
    private boolean legitimateLeg(String key, SpecificRecord leg) {
        RecordMetadata at = context.recordMetadata().orElseThrow();
        return switch (legs.signature().verify(leg, key, at.partition())) {
            case GENUINE -> true;
            case UNSIGNED -> at.offset() < signedLegsFrom;
            case FORGED -> false;
        };
    }

    /**
     * What the processor finds about a command's record outside the ledger: its key, whether it
     * sits on its key's partition (and if not, where it belongs), and the broker's time of it.
     */
    private Envelope envelope(String key, long requestedAt) {
        return new Envelope(key, onOwnPartition(key) ? null : wrongPartition(key), requestedAt, inputTimestamp);
    }

    /** Whether the record's key hashes to the partition it was read from, as Kafka's Java producer would put it. */
    private boolean onOwnPartition(String key) {
        return key != null
                && KeyPartitioner.partitionOf(key, options.partitions()) == context.recordMetadata().orElseThrow().partition();
    }

    private String wrongPartition(String key) {
        RecordMetadata at = context.recordMetadata().orElseThrow();
        if (key == null) {
            return "a record without a key on partition " + at.partition() + " of " + at.topic()
                    + ": every record here is keyed by its account";
        }
        return "the record is on partition " + at.partition() + " of " + at.topic() + ", but its key \"" + Echo.cut(key)
                + "\" belongs on partition " + KeyPartitioner.partitionOf(key, options.partitions())
                + " (murmur2 of the key's UTF-8 bytes modulo " + options.partitions() + " partitions, as Kafka's Java "
                + "producer computes it). Publish with the key and no explicit partition; librdkafka clients (Python, "
                + "Go, .NET, JavaScript, kcat) must set partitioner=murmur2_random";
    }

    /**
     * The remembered request with this key, unless it is older than the retention (swept or not), in
     * broker time; a request that placed a hold still open is remembered however old.
     */
    private RequestState remembered(String requestKey) {
        RequestState seen = requests.get(requestKey);
        boolean expired = seen != null && inputTimestamp - seen.getFirstSeenAt() > options.dedupRetention().toMillis()
                && !HoldMapping.openHold(seen);
        return expired ? null : seen;
    }

    private Account account(String id) {
        Account recent = recentAccounts.get(id);
        if (recent != null) {
            return recent;
        }
        Account stored = AvroMapping.account(id, accounts.get(id));
        if (stored != null) {
            recentAccounts.put(stored);
        }
        return stored;
    }

    private void saveAccount(Account account) {
        AccountBalance balance = AvroMapping.accountBalance(account, now());
        accounts.put(account.id(), balance);
        recentAccounts.put(account);
        if (options.publishBalances()) {
            forward(account.id(), balance, LedgerTopology.sink(PaymentTopic.BALANCES));
        }
    }

    private void emitEntry(Entry entry, String transferId, String sourceId, String counterparty, String holdId,
                           long requestedAt) {
        RecordMetadata cause = context.recordMetadata().orElseThrow();
        forward(entry.accountId(), AvroMapping.ledgerEntry(entry, transferId, sourceId, counterparty, holdId, cause,
                requestedAt, now()), LedgerTopology.sink(PaymentTopic.LEDGER_ENTRIES));
    }

    private void emitResult(RequestState state, boolean duplicate, boolean recorded) {
        forward(state.getSourceAccountId(), AvroMapping.result(state, duplicate, recorded, now()),
                LedgerTopology.sink(PaymentTopic.TRANSFER_RESULTS));
    }

    private void forward(String key, SpecificRecord value, String sink) {
        if (sink.equals(LedgerTopology.sink(PaymentTopic.CREDITS))) {
            legs.signature().sign(value, key, KeyPartitioner.partitionOf(key, options.partitions()));
        }
        meters.observe(value);
        context.forward(new Record<>(key, value, inputTimestamp), sink);
    }

    private long now() {
        return context.currentSystemTimeMs();
    }
}
