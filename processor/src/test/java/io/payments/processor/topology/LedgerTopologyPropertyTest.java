package io.payments.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.avro.AccountBalance;
import io.payments.avro.AccountKind;
import io.payments.avro.LedgerEntry;
import io.payments.avro.OpenAccount;
import io.payments.avro.TransferRequest;
import io.payments.avro.TransferResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.utils.Utils;

/**
 * Random command sequences (many accounts, skewed towards a few hot ones, with retries, id reuse,
 * invalid requests, overflowing amounts, commands keyed to another partition's accounts, and
 * adversarial requestedAt values) through the real topology and through the reference model, on
 * broker-like time (non-decreasing, far enough that remembered ids expire): the same outcomes,
 * the same final balances, money conserved per currency, and no customer balance below zero in
 * any ledger entry.
 */
class LedgerTopologyPropertyTest {

    private static final String[] CURRENCIES = {"EUR", "USD"};
    private static final Duration RETENTION = Duration.ofHours(1);
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long YEAR_2000 = 946_684_800_000L;

    @Property(tries = 60)
    void theTopologyAgreesWithTheReferenceModel(@ForAll @IntRange(min = 2, max = 12) int accountCount,
                                                @ForAll @IntRange(min = 1, max = 3) int partitions,
                                                @ForAll @Size(max = 150) List<@IntRange(min = 0) Integer> steps) {
        // The driver reads every record from partition 0: the accounts used are those that hash there,
        // and two that do not stand for accounts whose commands a producer sent to the wrong partition.
        List<String> local = accounts(partitions, true, accountCount + 1 + CURRENCIES.length);
        Map<String, String> settlement = Map.of("EUR", local.get(accountCount + 1), "USD", local.get(accountCount + 2));
        List<String> foreign = partitions == 1 ? List.of() : accounts(partitions, false, 2);
        ReferenceLedger model = new ReferenceLedger(RETENTION.toMillis(), local::contains);
        List<TransferRequest> sent = new ArrayList<>();
        LedgerTopology.Options options = new LedgerTopology.Options(RETENTION, Duration.ofSeconds(1), 1_000, false, 100,
                partitions);
        try (TopologyFixture ledger = new TopologyFixture(options)) {
            for (String currency : CURRENCIES) {
                check(ledger, model, open("settle-" + currency, settlement.get(currency), currency, true, ledger.now()));
            }
            for (int i = 0; i < accountCount; i++) {
                check(ledger, model, open("o-" + i, local.get(i), CURRENCIES[i % 2], i == 0, ledger.now()));
            }
            for (int i = 0; i < accountCount; i++) {
                check(ledger, model, request("fund-" + i, settlement.get(CURRENCIES[i % 2]), local.get(i), 1_000,
                        CURRENCIES[i % 2], ledger.now()));
            }
            int step = 0;
            for (int choice : steps) {
                ledger.at(ledger.now() + (choice * 7_919L) % Duration.ofMinutes(10).toMillis());
                check(ledger, model, command(choice, local, foreign, settlement, accountCount, step++, sent, ledger.now()));
            }

            Map<String, Long> sums = new HashMap<>();
            model.accounts.forEach((id, expected) -> {
                AccountBalance actual = ledger.account(id);
                assertThat(actual.getBalanceMinor()).as("balance of %s", id).isEqualTo(expected.balance());
                sums.merge(actual.getCurrency(), actual.getBalanceMinor(), Math::addExact);
            });
            assertThat(sums.values()).as("sum of balances per currency, nothing in flight").allMatch(sum -> sum == 0);
            foreign.forEach(id -> assertThat(ledger.account(id)).as("%s, only ever on a wrong partition", id).isNull());
            checkEntries(ledger.entries(), model);
        }
    }

    /** Account ids in order that Kafka's Java producer puts (or does not put) on partition 0. */
    private static List<String> accounts(int partitions, boolean onPartitionZero, int count) {
        return IntStream.iterate(0, i -> i + 1).mapToObj(i -> (onPartitionZero ? "acc-" : "far-") + i)
                .filter(id -> (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions == 0)
                        == onPartitionZero)
                .limit(count).toList();
    }

    /** Decodes one random number into a command: its low digits pick the kind, the rest its fields. */
    private static Object command(int choice, List<String> local, List<String> foreign, Map<String, String> settlement,
                                  int accountCount, int step, List<TransferRequest> sent, long now) {
        int kind = choice % 20;
        int x = (choice / 20) % 1000;
        int y = (choice / 20_000) % 1000;
        String from = local.get(skewed(x, accountCount + 1));
        String to = local.get(skewed(y, accountCount + 1));
        long requestedAt = requestedAt(choice / 20_000_000, now);
        if (kind < 3 && !sent.isEmpty()) {
            return sent.get(x % sent.size());
        }
        if (kind == 3 && !sent.isEmpty()) {
            TransferRequest earlier = sent.get(x % sent.size());
            return request(earlier.getTransferId(), earlier.getSourceAccountId(), earlier.getDestinationAccountId(),
                    earlier.getAmountMinor() + 1, earlier.getCurrency(), requestedAt);
        }
        if (kind == 4) {
            return open(y % 3 == 0 ? "o-" + local.indexOf(from) : "o2-" + step, from, CURRENCIES[y % 2], false, requestedAt);
        }
        if (kind == 5) {
            return request(" ", from, to, 5, "EUR", requestedAt);
        }
        if (kind == 6) {
            String currency = CURRENCIES[y % 2];
            return request("t-" + step, settlement.get(currency), from, y % 7 == 0 ? Long.MAX_VALUE / 3 : x, currency,
                    requestedAt);
        }
        if (kind == 7 && !foreign.isEmpty()) {
            String misplaced = foreign.get(y % foreign.size());
            return y % 2 == 0 ? open("o-far-" + step, misplaced, "EUR", false, requestedAt)
                    : request("t-" + step, misplaced, to, 1, "EUR", requestedAt);
        }
        long amount = switch (y % 10) {
            case 0 -> 0;
            case 1 -> -x;
            case 2 -> Long.MAX_VALUE / 3;
            case 3 -> 1_000;
            default -> 1 + x % 400;
        };
        int fromIndex = local.indexOf(from);
        String currency = y % 13 == 0 ? "ZZZ" : y % 11 == 0 ? CURRENCIES[(fromIndex + 1) % 2] : CURRENCIES[fromIndex % 2];
        TransferRequest request = request("t-" + step, from, to, amount, currency, requestedAt);
        sent.add(request);
        return request;
    }

    /** Mostly the broker's time; otherwise the edges of the window and values no clock gives. */
    private static long requestedAt(int pick, long now) {
        return switch (pick % 20) {
            case 12 -> YEAR_2000;
            case 13 -> YEAR_2000 - 1;
            case 14 -> now + DAY;
            case 15 -> now + DAY + 1;
            case 16 -> 0;
            case 17 -> Long.MAX_VALUE;
            case 18 -> Long.MIN_VALUE;
            case 19 -> now - 400 * DAY;
            default -> now;
        };
    }

    /** Most picks land on the first few accounts; index accountCount is an account that is never opened. */
    private static int skewed(int random, int bound) {
        double u = random / 1000.0;
        return (int) Math.min(bound - 1, Math.floor(bound * u * u * u));
    }

    private static OpenAccount open(String requestId, String accountId, String currency, boolean settlement,
                                    long requestedAt) {
        return new OpenAccount(requestId, accountId, currency, settlement ? AccountKind.SETTLEMENT : AccountKind.CUSTOMER,
                requestedAt);
    }

    private static TransferRequest request(String id, String from, String to, long amount, String currency,
                                           long requestedAt) {
        return new TransferRequest(id, from, to, amount, currency, requestedAt, null);
    }

    private static void check(TopologyFixture ledger, ReferenceLedger model, Object command) {
        ReferenceLedger.Result expected;
        TransferResult actual;
        if (command instanceof OpenAccount open) {
            expected = model.open(open.getRequestId(), open.getAccountId(), open.getCurrency(),
                    open.getKind() == AccountKind.SETTLEMENT, open.getRequestedAt(), ledger.now());
            actual = ledger.send(open.getAccountId(), open);
        } else {
            TransferRequest request = (TransferRequest) command;
            expected = model.transfer(request.getTransferId(), request.getSourceAccountId(),
                    request.getDestinationAccountId(), request.getAmountMinor(), request.getCurrency(),
                    request.getRequestedAt(), ledger.now());
            actual = ledger.send(request.getSourceAccountId(), request);
        }
        assertThat(new ReferenceLedger.Result(actual.getOutcome().name(),
                actual.getReason() == null ? null : actual.getReason().name(), actual.getDuplicate()))
                .as("result of %s", command).isEqualTo(expected);
    }

    private static void checkEntries(List<LedgerEntry> entries, ReferenceLedger model) {
        Map<String, Long> versions = new HashMap<>();
        Map<String, Long> balances = new HashMap<>();
        for (LedgerEntry entry : entries) {
            String id = entry.getAccountId();
            long version = versions.merge(id, 1L, Long::sum);
            long balance = balances.merge(id, entry.getAmountMinor(), Math::addExact);
            assertThat(entry.getAccountVersion()).as("versions of %s are contiguous", id).isEqualTo(version);
            assertThat(entry.getBalanceAfterMinor()).as("balance after of %s is the running sum", id).isEqualTo(balance);
            if (!model.accounts.get(id).settlement()) {
                assertThat(entry.getBalanceAfterMinor()).as("customer %s never below zero", id).isNotNegative();
            }
        }
    }
}
