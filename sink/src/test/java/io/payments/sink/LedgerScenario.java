package io.payments.sink;

import io.payments.avro.AccountKind;
import io.payments.avro.LedgerEntry;
import io.payments.avro.Leg;
import io.payments.avro.Outcome;
import io.payments.avro.RejectReason;
import io.payments.avro.RequestType;
import io.payments.avro.TransferResult;
import io.payments.schemas.topics.PaymentTopic;
import io.payments.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What a processor would have written for a run of transfers: ledger entries and results, with
 * completed, reversed and rejected transfers, retries' duplicate results and reused ids, and
 * the tables the sink should end with.
 */
final class LedgerScenario {

    final List<ProducerRecord<String, SpecificRecord>> records = new ArrayList<>();
    final Map<String, Long> balances = new HashMap<>();
    final Map<String, Long> versions = new HashMap<>();
    final Map<String, String> statuses = new HashMap<>();
    int entryCount;

    static LedgerScenario generate(Topics topics, int accounts, int transfers, long seed) {
        LedgerScenario scenario = new LedgerScenario();
        String entriesTopic = topics.name(PaymentTopic.LEDGER_ENTRIES);
        String resultsTopic = topics.name(PaymentTopic.TRANSFER_RESULTS);
        Random random = new Random(seed);
        for (int i = 0; i < accounts; i++) {
            scenario.records.add(new ProducerRecord<>(resultsTopic, account(i), new TransferResult("open", RequestType.OPEN_ACCOUNT,
                    account(i), null, 0L, "EUR", Outcome.COMPLETED, null, null, null, null, false, true, 1_000L, 1_000L, null,
                    i == 0 ? AccountKind.SETTLEMENT : AccountKind.CUSTOMER, null, null, null)));
        }
        for (int n = 1; n <= transfers; n++) {
            String from = account(random.nextInt(accounts));
            String to = account(random.nextInt(accounts));
            if (from.equals(to)) {
                continue;
            }
            long amount = 1 + random.nextInt(1_000);
            String id = "t-" + n;
            Outcome outcome = n % 50 == 0 ? Outcome.REJECTED : n % 40 == 0 ? Outcome.REVERSED : Outcome.COMPLETED;
            if (outcome != Outcome.REJECTED) {
                scenario.entry(entriesTopic, from, -amount, id, from, to, Leg.DEBIT);
                if (outcome == Outcome.COMPLETED) {
                    scenario.entry(entriesTopic, to, amount, id, from, from, Leg.CREDIT);
                } else {
                    scenario.entry(entriesTopic, from, amount, id, from, to, Leg.REFUND);
                }
            }
            RejectReason reason = outcome == Outcome.COMPLETED ? null
                    : outcome == Outcome.REVERSED ? RejectReason.UNKNOWN_DESTINATION_ACCOUNT : RejectReason.INSUFFICIENT_FUNDS;
            scenario.records.add(new ProducerRecord<>(resultsTopic, from, result(id, from, to, amount, outcome, reason, false, true)));
            scenario.statuses.put(from + "/" + id, outcome.name());
            if (n % 30 == 0) {
                scenario.records.add(new ProducerRecord<>(resultsTopic, from, result(id, from, to, amount, outcome, reason, true, true)));
            }
            if (n % 70 == 0) {
                scenario.records.add(new ProducerRecord<>(resultsTopic, from, result(id, from, to, amount + 1, Outcome.REJECTED,
                        RejectReason.ID_REUSED_WITH_DIFFERENT_CONTENT, false, false)));
            }
        }
        return scenario;
    }

    void produce(KafkaProducer<String, SpecificRecord> producer) {
        records.forEach(producer::send);
        producer.flush();
    }

    private void entry(String topic, String account, long amount, String id, String source, String counterparty, Leg leg) {
        long version = versions.merge(account, 1L, Long::sum);
        long balance = balances.merge(account, amount, Long::sum);
        records.add(new ProducerRecord<>(topic, account, new LedgerEntry(account, version, amount, "EUR", balance, id, source,
                counterparty, leg, 0, (long) entryCount, 1_000L, 2_000L, 0L, 0L, null)));
        entryCount++;
    }

    private static TransferResult result(String id, String from, String to, long amount, Outcome outcome, RejectReason reason,
                                         boolean duplicate, boolean recorded) {
        return new TransferResult(id, RequestType.TRANSFER, from, to, amount, "EUR", outcome, reason,
                reason == null ? null : reason.name().toLowerCase(), null, null, duplicate, recorded, 1_000L, 3_000L, null, null, null, null, null);
    }

    static String account(int i) {
        return "acc-" + i;
    }
}
