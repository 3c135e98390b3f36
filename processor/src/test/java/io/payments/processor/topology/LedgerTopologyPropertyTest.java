package io.payments.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.avro.AccountBalance;
import io.payments.avro.AccountKind;
import io.payments.avro.LedgerEntry;
import io.payments.avro.OpenAccount;
import io.payments.avro.TransferRequest;
import io.payments.avro.TransferResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random command sequences (many accounts, skewed towards a few hot ones, with retries, id reuse,
 * invalid requests and overflowing amounts) through the real topology and through the reference
 * model: the same outcomes, the same final balances, money conserved per currency, and no
 * customer balance below zero in any ledger entry.
 */
class LedgerTopologyPropertyTest {

    private static final String[] CURRENCIES = {"EUR", "USD"};

    @Property(tries = 60)
    void theTopologyAgreesWithTheReferenceModel(@ForAll @IntRange(min = 2, max = 12) int accountCount,
                                                @ForAll @Size(max = 150) List<@IntRange(min = 0) Integer> steps) {
        ReferenceLedger model = new ReferenceLedger();
        List<TransferRequest> sent = new ArrayList<>();
        try (TopologyFixture ledger = new TopologyFixture()) {
            for (String currency : CURRENCIES) {
                check(ledger, model, open("settle-" + currency, "settle-" + currency, currency, true));
            }
            for (int i = 0; i < accountCount; i++) {
                check(ledger, model, open("o-" + i, account(i), CURRENCIES[i % 2], i == 0));
            }
            for (int i = 0; i < accountCount; i++) {
                check(ledger, model, request("fund-" + i, "settle-" + CURRENCIES[i % 2], account(i), 1_000, CURRENCIES[i % 2]));
            }
            int step = 0;
            for (int choice : steps) {
                check(ledger, model, command(choice, accountCount, step++, sent));
            }

            Map<String, Long> sums = new HashMap<>();
            model.accounts.forEach((id, expected) -> {
                AccountBalance actual = ledger.account(id);
                assertThat(actual.getBalanceMinor()).as("balance of %s", id).isEqualTo(expected.balance());
                sums.merge(actual.getCurrency(), actual.getBalanceMinor(), Math::addExact);
            });
            assertThat(sums.values()).as("sum of balances per currency, nothing in flight").allMatch(sum -> sum == 0);
            checkEntries(ledger.entries(), model);
        }
    }

    /** Decodes one random number into a command: its low digits pick the kind, the rest its fields. */
    private static Object command(int choice, int accountCount, int step, List<TransferRequest> sent) {
        int kind = choice % 20;
        int x = (choice / 20) % 1000;
        int y = (choice / 20_000) % 1000;
        int from = skewed(x, accountCount + 1);
        int to = skewed(y, accountCount + 1);
        if (kind < 3 && !sent.isEmpty()) {
            return sent.get(x % sent.size());
        }
        if (kind == 3 && !sent.isEmpty()) {
            TransferRequest earlier = sent.get(x % sent.size());
            return request(earlier.getTransferId(), earlier.getSourceAccountId(), earlier.getDestinationAccountId(),
                    earlier.getAmountMinor() + 1, earlier.getCurrency());
        }
        if (kind == 4) {
            return open(y % 3 == 0 ? "o-" + from : "o2-" + step, account(from), CURRENCIES[y % 2], false);
        }
        if (kind == 5) {
            return request(" ", account(from), account(to), 5, "EUR");
        }
        if (kind == 6) {
            String currency = CURRENCIES[y % 2];
            return request("t-" + step, "settle-" + currency, account(from), y % 7 == 0 ? Long.MAX_VALUE / 3 : x, currency);
        }
        long amount = switch (y % 10) {
            case 0 -> 0;
            case 1 -> -x;
            case 2 -> Long.MAX_VALUE / 3;
            case 3 -> 1_000;
            default -> 1 + x % 400;
        };
        String currency = y % 13 == 0 ? "ZZZ" : y % 11 == 0 ? CURRENCIES[(from + 1) % 2] : CURRENCIES[from % 2];
        TransferRequest request = request("t-" + step, account(from), account(to), amount, currency);
        sent.add(request);
        return request;
    }

    /** Most picks land on the first few accounts; index accountCount is an account that is never opened. */
    private static int skewed(int random, int bound) {
        double u = random / 1000.0;
        return (int) Math.min(bound - 1, Math.floor(bound * u * u * u));
    }

    private static String account(int index) {
        return "acc-" + index;
    }

    private static OpenAccount open(String requestId, String accountId, String currency, boolean settlement) {
        return new OpenAccount(requestId, accountId, currency, settlement ? AccountKind.SETTLEMENT : AccountKind.CUSTOMER,
                TopologyFixture.REQUESTED_AT);
    }

    private static TransferRequest request(String id, String from, String to, long amount, String currency) {
        return new TransferRequest(id, from, to, amount, currency, TopologyFixture.REQUESTED_AT, null);
    }

    private static void check(TopologyFixture ledger, ReferenceLedger model, Object command) {
        ReferenceLedger.Result expected;
        TransferResult actual;
        if (command instanceof OpenAccount open) {
            expected = model.open(open.getRequestId(), open.getAccountId(), open.getCurrency(),
                    open.getKind() == AccountKind.SETTLEMENT);
            actual = ledger.send(open.getAccountId(), open);
        } else {
            TransferRequest request = (TransferRequest) command;
            expected = model.transfer(request.getTransferId(), request.getSourceAccountId(),
                    request.getDestinationAccountId(), request.getAmountMinor(), request.getCurrency());
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
