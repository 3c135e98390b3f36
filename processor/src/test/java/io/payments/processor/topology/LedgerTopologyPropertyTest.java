package io.payments.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.avro.AccountBalance;
import io.payments.avro.AccountKind;
import io.payments.avro.LedgerEntry;
import io.payments.avro.OpenAccount;
import io.payments.avro.PlaceHold;
import io.payments.avro.PostHold;
import io.payments.avro.TransferRequest;
import io.payments.avro.TransferResult;
import io.payments.avro.VoidHold;
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
import org.apache.avro.specific.SpecificRecord;
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
        run(accountCount, partitions, steps, false);
    }

    /** The same with nine steps in ten a hold, a post, a void, a retry of one of them or a look for expired holds. */
    @Property(tries = 40)
    void withHoldsTheTopologyAgreesWithTheReferenceModel(@ForAll @IntRange(min = 2, max = 8) int accountCount,
                                                         @ForAll @IntRange(min = 1, max = 3) int partitions,
                                                         @ForAll @Size(min = 20, max = 150) List<@IntRange(min = 0) Integer> steps) {
        run(accountCount, partitions, steps, true);
    }

    private void run(int accountCount, int partitions, List<Integer> steps, boolean mostlyHolds) {
        // The driver reads every record from partition 0: the accounts used are those that hash there,
        // and two that do not stand for accounts whose commands a producer sent to the wrong partition.
        List<String> local = accounts(partitions, true, accountCount + 1 + CURRENCIES.length);
        Map<String, String> settlement = Map.of("EUR", local.get(accountCount + 1), "USD", local.get(accountCount + 2));
        List<String> foreign = partitions == 1 ? List.of() : accounts(partitions, false, 2);
        ReferenceLedger model = new ReferenceLedger(RETENTION.toMillis(), local::contains);
        List<TransferRequest> sent = new ArrayList<>();
        List<SpecificRecord> holdCommands = new ArrayList<>();
        List<PlaceHold> held = new ArrayList<>();
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
            long wallClock = 0;
            for (int drawn : steps) {
                // The kind is the low digits mod 20 (see command); holds are kinds 15 to 19.
                int base = Math.min(drawn - drawn % 20, Integer.MAX_VALUE - 47);
                int choice = mostlyHolds && drawn % 10 != 9 ? base + 15 + drawn % 5 : drawn;
                ledger.at(ledger.now() + (choice * 7_919L) % Duration.ofMinutes(10).toMillis());
                if (choice % 20 == 19) {
                    // The expiry punctuator looks at the wall clock: moved to the broker's time (at least a second on,
                    // so it fires), every hold whose deadline has come expires in the log, as the model's do.
                    long to = Math.max(wallClock + 1_000, ledger.now());
                    ledger.driver.advanceWallClockTime(Duration.ofMillis(to - wallClock));
                    wallClock = to;
                    model.expire(wallClock);
                    assertThat(ledger.results()).as("an expiry has no result").isEmpty();
                    continue;
                }
                Object command = command(choice, local, foreign, settlement, accountCount, step++, sent, holdCommands, held,
                        ledger.now());
                if (check(ledger, model, command).outcome().equals("HELD") && command instanceof PlaceHold placed) {
                    held.add(placed);
                }
            }

            Map<String, Long> sums = new HashMap<>();
            model.accounts.forEach((id, expected) -> {
                AccountBalance actual = ledger.account(id);
                assertThat(actual.getBalanceMinor()).as("balance of %s", id).isEqualTo(expected.balance());
                assertThat(actual.getPendingDebitsMinor()).as("pending debits of %s", id).isEqualTo(expected.pending());
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
                                  int accountCount, int step, List<TransferRequest> sent, List<SpecificRecord> holdCommands,
                                  List<PlaceHold> held, long now) {
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
        if (kind >= 15) {
            return holdCommand(kind, choice, local, accountCount, step, holdCommands, held, requestedAt);
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

    /**
     * A hold (timeouts of seconds to minutes, none, or out of range), a post (all, part, too much,
     * nothing) or void of an earlier hold or of none, or the retry of an earlier one of them.
     */
    private static SpecificRecord holdCommand(int kind, int choice, List<String> local, int accountCount, int step,
                                              List<SpecificRecord> holdCommands, List<PlaceHold> held, long requestedAt) {
        // Fibonacci hashing spreads the bits of the small numbers jqwik favours over every field.
        int spread = choice * 0x9E3779B1;
        int x = Math.floorMod(spread >> 3, 1000);
        int y = Math.floorMod(spread >> 13, 1000);
        int fromIndex = 1 + Math.floorMod(spread >> 23, accountCount);
        String from = local.get(fromIndex);
        String to = local.get(skewed(x, accountCount + 1));
        List<PlaceHold> placed = y % 4 == 0 || held.isEmpty() ? holdCommands.stream().filter(PlaceHold.class::isInstance)
                .map(PlaceHold.class::cast).toList() : held;
        if (kind == 18 && !holdCommands.isEmpty()) {
            return holdCommands.get(x % holdCommands.size());
        }
        SpecificRecord command;
        if (kind == 15 || placed.isEmpty()) {
            // Steps are minutes apart: a timeout of seconds has passed by the next command, one of hours has not.
            Long timeout = switch (y % 10) {
                case 0, 1, 2 -> null;
                case 3 -> 0L;
                case 4 -> 1L + x % 5;
                default -> 600L + x * 60L;
            };
            String currency = CURRENCIES[(fromIndex + (y % 11 == 0 ? 1 : 0)) % 2];
            command = new PlaceHold("h-" + step, from, to, y % 9 == 0 ? 0L : 1L + x % 600, currency, timeout, requestedAt,
                    null);
        } else {
            PlaceHold hold = placed.get(x % placed.size());
            String holdId = y % 17 == 0 ? "no-such-hold" : hold.getHoldId();
            Long amount = switch (y % 6) {
                case 0 -> null;
                case 1 -> 0L;
                case 2 -> hold.getAmountMinor() + 1;
                default -> 1 + (long) x % Math.max(1, hold.getAmountMinor());
            };
            command = kind == 16 ? new PostHold("p-" + step, hold.getSourceAccountId(), holdId, amount, requestedAt)
                    : new VoidHold("v-" + step, hold.getSourceAccountId(), holdId, requestedAt);
        }
        holdCommands.add(command);
        return command;
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

    /** Sends the command to both and compares their results; returns the model's. */
    private static ReferenceLedger.Result check(TopologyFixture ledger, ReferenceLedger model, Object command) {
        ReferenceLedger.Result expected;
        TransferResult actual;
        if (command instanceof OpenAccount open) {
            expected = model.open(open.getRequestId(), open.getAccountId(), open.getCurrency(),
                    open.getKind() == AccountKind.SETTLEMENT, open.getRequestedAt(), ledger.now());
            actual = ledger.send(open.getAccountId(), open);
        } else if (command instanceof PlaceHold hold) {
            expected = model.hold(hold.getHoldId(), hold.getSourceAccountId(), hold.getDestinationAccountId(),
                    hold.getAmountMinor(), hold.getCurrency(), hold.getTimeoutSeconds(), hold.getRequestedAt(), ledger.now());
            actual = ledger.send(hold.getSourceAccountId(), hold);
        } else if (command instanceof PostHold post) {
            expected = model.post(post.getPostId(), post.getSourceAccountId(), post.getHoldId(), post.getAmountMinor(),
                    post.getRequestedAt(), ledger.now());
            actual = ledger.send(post.getSourceAccountId(), post);
        } else if (command instanceof VoidHold voided) {
            expected = model.voidHold(voided.getVoidId(), voided.getSourceAccountId(), voided.getHoldId(),
                    voided.getRequestedAt(), ledger.now());
            actual = ledger.send(voided.getSourceAccountId(), voided);
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
        return expected;
    }

    private static void checkEntries(List<LedgerEntry> entries, ReferenceLedger model) {
        Map<String, Long> versions = new HashMap<>();
        Map<String, Long> balances = new HashMap<>();
        Map<String, Long> pendings = new HashMap<>();
        for (LedgerEntry entry : entries) {
            String id = entry.getAccountId();
            long version = versions.merge(id, 1L, Long::sum);
            long balance = balances.merge(id, entry.getAmountMinor(), Math::addExact);
            assertThat(entry.getAccountVersion()).as("versions of %s are contiguous", id).isEqualTo(version);
            assertThat(entry.getBalanceAfterMinor()).as("balance after of %s is the running sum", id).isEqualTo(balance);
            long pending = pendings.merge(id, entry.getPendingChangeMinor(), Math::addExact);
            assertThat(entry.getPendingDebitsAfterMinor()).as("pending debits after of %s are the running sum", id)
                    .isEqualTo(pending);
            if (!model.accounts.get(id).settlement()) {
                assertThat(entry.getBalanceAfterMinor() - pending).as("customer %s's available never below zero", id)
                        .isNotNegative();
            }
        }
    }
}
