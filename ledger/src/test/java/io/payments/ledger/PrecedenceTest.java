package io.payments.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.ledger.Command.CreditLeg;
import io.payments.ledger.Command.OpenAccount;
import io.payments.ledger.Command.PlaceHold;
import io.payments.ledger.Command.PostHold;
import io.payments.ledger.Command.Transfer;
import io.payments.ledger.Command.VoidHold;
import io.payments.ledger.Decision.CreditRefused;
import io.payments.ledger.Decision.Debited;
import io.payments.ledger.Decision.Held;
import io.payments.ledger.Decision.Posted;
import io.payments.ledger.Decision.Voided;
import io.payments.ledger.Decision.Rejected;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The order in which a request's rules are checked, from the outside: every rule broken alone
 * gives its reason, every pair of rules broken by one request gives the reason of the earlier, and
 * that order is {@link RejectReason}'s and the documented one ({@value #RULES_PAGE}).
 */
class PrecedenceTest {

    /** The page whose table of reasons ({@code | reason | when | outcome |}) lists them in precedence order. */
    private static final String RULES_PAGE = "docs/ledger-rules.md";
    private static final long NOW = LedgerRulesTest.NOW;

    /**
     * One rule broken one way. {@code slot} names what the break changes: two breaks of the same
     * slot cannot both hold for one request. {@code answer} is what the request then comes to, as
     * {@link TransferCase#answer} and {@link OpeningCase#answer} write it.
     */
    private record Violation<C>(String answer, String slot, Consumer<C> breaks) {

        RejectReason reason() {
            return RejectReason.valueOf(answer.split(" ")[1]);
        }

        /** The field an INVALID_FIELD names, else null. */
        String field() {
            Matcher field = Pattern.compile("\\((\\w+)\\)").matcher(answer);
            return field.find() ? field.group(1) : null;
        }
    }

    /** A transfer's rules, in the order they are checked: on the source's task, then at the credit. */
    private static final List<Violation<TransferCase>> TRANSFER = List.of(
            new Violation<>("REJECTED INVALID_FIELD (transferId)", "transferId", c -> c.transferId = ""),
            new Violation<>("REJECTED INVALID_FIELD (sourceAccountId)", "sourceId", c -> c.sourceId = "al ice"),
            new Violation<>("REJECTED INVALID_FIELD (key)", "key", c -> c.key = "mallory"),
            new Violation<>("REJECTED WRONG_PARTITION", "partition", c -> c.wrongPartition = "on partition 1, belongs on 2"),
            new Violation<>("REJECTED INVALID_FIELD (requestedAt)", "requestedAt", c -> c.requestedAt = 0),
            new Violation<>("REJECTED INVALID_FIELD (destinationAccountId)", "destinationId", c -> c.destinationId = "b\u0000b"),
            new Violation<>("REJECTED INVALID_FIELD (currency)", "currency", c -> c.currency = "EUX"),
            new Violation<>("REJECTED INVALID_FIELD (metadata)", "metadata", c -> c.metadata = entries(17)),
            new Violation<>("REJECTED ID_REUSED_WITH_DIFFERENT_CONTENT", "remembered", c -> c.remembered = new Remembered(
                    new Transfer("t-1", "alice", "carol", 999, "EUR", null), Remembered.Status.COMPLETED)),
            new Violation<>("REJECTED NON_POSITIVE_AMOUNT", "amount", c -> c.amount = 0),
            new Violation<>("REJECTED SAME_ACCOUNT", "destinationId", c -> c.destinationId = c.sourceId),
            new Violation<>("REJECTED UNKNOWN_SOURCE_ACCOUNT", "sourceOpen", c -> c.source.open = false),
            new Violation<>("REJECTED CURRENCY_MISMATCH", "sourceCurrency", c -> c.source.currency = "USD"),
            new Violation<>("REJECTED AMOUNT_OVERFLOW", "sourceBalance", c -> c.source.settlementAt(Long.MIN_VALUE + 1)),
            new Violation<>("REJECTED INSUFFICIENT_FUNDS", "sourceBalance", c -> c.source.balance = 1),
            new Violation<>("REVERSED UNKNOWN_DESTINATION_ACCOUNT", "destinationOpen", c -> c.destination.open = false),
            new Violation<>("REVERSED CURRENCY_MISMATCH", "destinationCurrency", c -> c.destination.currency = "USD"),
            new Violation<>("REVERSED AMOUNT_OVERFLOW", "destinationBalance", c -> c.destination.balance = Long.MAX_VALUE));

    /** An OpenAccount's rules, in the order they are checked. */
    private static final List<Violation<OpeningCase>> OPENING = List.of(
            new Violation<>("REJECTED INVALID_FIELD (requestId)", "requestId", c -> c.requestId = "r\t1"),
            new Violation<>("REJECTED INVALID_FIELD (accountId)", "account", c -> c.accountId = "a".repeat(65)),
            new Violation<>("REJECTED INVALID_FIELD (key)", "key", c -> c.key = null),
            new Violation<>("REJECTED WRONG_PARTITION", "partition", c -> c.wrongPartition = "on partition 1, belongs on 2"),
            new Violation<>("REJECTED INVALID_FIELD (requestedAt)", "requestedAt", c -> c.requestedAt = Long.MAX_VALUE),
            new Violation<>("REJECTED INVALID_FIELD (currency)", "currency", c -> c.currency = "XAU"),
            new Violation<>("REJECTED INVALID_FIELD (kind)", "kind", c -> c.kind = null),
            new Violation<>("REJECTED ID_REUSED_WITH_DIFFERENT_CONTENT", "remembered", c -> c.remembered = new Remembered(
                    new OpenAccount("r-1", "dave", "USD", AccountKind.CUSTOMER), Remembered.Status.COMPLETED)),
            new Violation<>("REJECTED ACCOUNT_ALREADY_EXISTS", "existing", c -> c.existing = account("dave", "EUR",
                    AccountKind.CUSTOMER, 0)));

    /** A hold's rules: a transfer's on the source's task, with its timeout after metadata. */
    private static final List<Violation<HoldCase>> HOLD = List.of(
            new Violation<>("REJECTED INVALID_FIELD (holdId)", "holdId", c -> c.holdId = " "),
            new Violation<>("REJECTED INVALID_FIELD (sourceAccountId)", "sourceId", c -> c.sourceId = ""),
            new Violation<>("REJECTED INVALID_FIELD (key)", "key", c -> c.key = "mallory"),
            new Violation<>("REJECTED WRONG_PARTITION", "partition", c -> c.wrongPartition = "on partition 1, belongs on 2"),
            new Violation<>("REJECTED INVALID_FIELD (requestedAt)", "requestedAt", c -> c.requestedAt = 0),
            new Violation<>("REJECTED INVALID_FIELD (destinationAccountId)", "destinationId", c -> c.destinationId = null),
            new Violation<>("REJECTED INVALID_FIELD (currency)", "currency", c -> c.currency = "eur"),
            new Violation<>("REJECTED INVALID_FIELD (metadata)", "metadata", c -> c.metadata = entries(17)),
            new Violation<>("REJECTED INVALID_FIELD (timeoutSeconds)", "timeout", c -> c.timeoutSeconds = 0L),
            new Violation<>("REJECTED ID_REUSED_WITH_DIFFERENT_CONTENT", "remembered", c -> c.remembered = new Remembered(
                    new PlaceHold("h-1", "alice", "carol", 999, "EUR", null, null), Remembered.Status.COMPLETED)),
            new Violation<>("REJECTED NON_POSITIVE_AMOUNT", "amount", c -> c.amount = -1),
            new Violation<>("REJECTED SAME_ACCOUNT", "destinationId", c -> c.destinationId = c.sourceId),
            new Violation<>("REJECTED UNKNOWN_SOURCE_ACCOUNT", "sourceOpen", c -> c.source.open = false),
            new Violation<>("REJECTED CURRENCY_MISMATCH", "sourceCurrency", c -> c.source.currency = "USD"),
            new Violation<>("REJECTED AMOUNT_OVERFLOW", "sourceBalance", c -> c.source.settlementAt(Long.MIN_VALUE + 1)),
            new Violation<>("REJECTED INSUFFICIENT_FUNDS", "sourceBalance", c -> c.source.pendingDebits = 96));

    /** A post's rules, in the order they are checked: on the source's task, then at the credit. */
    private static final List<Violation<PostCase>> POST = List.of(
            new Violation<>("REJECTED INVALID_FIELD (postId)", "postId", c -> c.postId = "p\n"),
            new Violation<>("REJECTED INVALID_FIELD (sourceAccountId)", "sourceId", c -> c.sourceId = null),
            new Violation<>("REJECTED INVALID_FIELD (key)", "key", c -> c.key = "mallory"),
            new Violation<>("REJECTED WRONG_PARTITION", "partition", c -> c.wrongPartition = "on partition 1, belongs on 2"),
            new Violation<>("REJECTED INVALID_FIELD (requestedAt)", "requestedAt", c -> c.requestedAt = -1),
            new Violation<>("REJECTED INVALID_FIELD (holdId)", "holdId", c -> c.holdId = ""),
            new Violation<>("REJECTED ID_REUSED_WITH_DIFFERENT_CONTENT", "remembered", c -> c.remembered = new Remembered(
                    new PostHold("p-1", "alice", "h-1", 7L), Remembered.Status.COMPLETED)),
            new Violation<>("REJECTED NON_POSITIVE_AMOUNT", "amount", c -> c.amount = 0L),
            new Violation<>("REJECTED PENDING_TRANSFER_NOT_FOUND", "hold", c -> c.hold = null),
            new Violation<>("REJECTED PENDING_TRANSFER_ALREADY_POSTED", "hold", c -> c.hold = c.hold.ended(Hold.Status.POSTED, 5)),
            new Violation<>("REJECTED PENDING_TRANSFER_ALREADY_VOIDED", "hold", c -> c.hold = c.hold.ended(Hold.Status.VOIDED, 0)),
            new Violation<>("REJECTED PENDING_TRANSFER_EXPIRED", "time", c -> c.receivedAt = c.hold.deadline()),
            new Violation<>("REJECTED EXCEEDS_PENDING_AMOUNT", "amount", c -> c.amount = 41L),
            new Violation<>("REVERSED UNKNOWN_DESTINATION_ACCOUNT", "destinationOpen", c -> c.destination.open = false),
            new Violation<>("REVERSED CURRENCY_MISMATCH", "destinationCurrency", c -> c.destination.currency = "USD"),
            new Violation<>("REVERSED AMOUNT_OVERFLOW", "destinationBalance", c -> c.destination.balance = Long.MAX_VALUE));

    /** A void's rules, in the order they are checked. */
    private static final List<Violation<VoidCase>> VOID = List.of(
            new Violation<>("REJECTED INVALID_FIELD (voidId)", "voidId", c -> c.voidId = "v".repeat(65)),
            new Violation<>("REJECTED INVALID_FIELD (sourceAccountId)", "sourceId", c -> c.sourceId = "a b"),
            new Violation<>("REJECTED INVALID_FIELD (key)", "key", c -> c.key = "bob"),
            new Violation<>("REJECTED WRONG_PARTITION", "partition", c -> c.wrongPartition = "on partition 1, belongs on 2"),
            new Violation<>("REJECTED INVALID_FIELD (requestedAt)", "requestedAt", c -> c.requestedAt = Long.MAX_VALUE),
            new Violation<>("REJECTED INVALID_FIELD (holdId)", "holdId", c -> c.holdId = "h\u0000"),
            new Violation<>("REJECTED ID_REUSED_WITH_DIFFERENT_CONTENT", "remembered", c -> c.remembered = new Remembered(
                    new VoidHold("v-1", "alice", "h-2"), Remembered.Status.COMPLETED)),
            new Violation<>("REJECTED PENDING_TRANSFER_NOT_FOUND", "hold", c -> c.hold = null),
            new Violation<>("REJECTED PENDING_TRANSFER_ALREADY_POSTED", "hold", c -> c.hold = c.hold.ended(Hold.Status.POSTED, 5)),
            new Violation<>("REJECTED PENDING_TRANSFER_ALREADY_VOIDED", "hold", c -> c.hold = c.hold.ended(Hold.Status.VOIDED, 0)),
            new Violation<>("REJECTED PENDING_TRANSFER_EXPIRED", "time", c -> c.receivedAt = c.hold.deadline() + 1));

    @Test
    void eachRuleBrokenAloneGivesItsOwnAnswer() {
        alone(TRANSFER, TransferCase::new, TransferCase::answer, "COMPLETED");
        alone(OPENING, OpeningCase::new, OpeningCase::answer, "COMPLETED");
        alone(HOLD, HoldCase::new, HoldCase::answer, "HELD");
        alone(POST, PostCase::new, PostCase::answer, "COMPLETED");
        alone(VOID, VoidCase::new, VoidCase::answer, "COMPLETED");
    }

    /** The sound case gets {@code soundAnswer}; each rule broken on its own gets that rule's answer. */
    private static <C> void alone(List<Violation<C>> rules, java.util.function.Supplier<C> sound,
                                  java.util.function.Function<C, String> answer, String soundAnswer) {
        assertThat(answer.apply(sound.get())).isEqualTo(soundAnswer);
        for (Violation<C> violation : rules) {
            assertThat(answer.apply(broken(sound.get(), violation))).as(violation.answer()).isEqualTo(violation.answer());
        }
    }

    @TestFactory
    Stream<DynamicTest> ofTwoRulesATransferBreaksTheEarlierWins() {
        return pairs(TRANSFER, TransferCase::new, TransferCase::answer);
    }

    @TestFactory
    Stream<DynamicTest> ofTwoRulesAnOpeningBreaksTheEarlierWins() {
        return pairs(OPENING, OpeningCase::new, OpeningCase::answer);
    }

    @TestFactory
    Stream<DynamicTest> ofTwoRulesAHoldBreaksTheEarlierWins() {
        return pairs(HOLD, HoldCase::new, HoldCase::answer);
    }

    @TestFactory
    Stream<DynamicTest> ofTwoRulesAPostBreaksTheEarlierWins() {
        return pairs(POST, PostCase::new, PostCase::answer);
    }

    @TestFactory
    Stream<DynamicTest> ofTwoRulesAVoidBreaksTheEarlierWins() {
        return pairs(VOID, VoidCase::new, VoidCase::answer);
    }

    @Test
    void theOrderIsRejectReasonsWithOpenAccountsThenTheHoldsOwnReasonsLast() {
        LinkedHashSet<RejectReason> firstPositions = new LinkedHashSet<>();
        TRANSFER.forEach(violation -> firstPositions.add(violation.reason()));
        firstPositions.add(OPENING.get(OPENING.size() - 1).reason());
        POST.forEach(violation -> firstPositions.add(violation.reason()));

        assertThat(firstPositions).containsExactly(RejectReason.values());
        for (List<? extends Violation<?>> rules : List.of(OPENING, HOLD, POST, VOID)) {
            assertThat(onItsOwnTask(rules).map(Violation::reason).distinct().toList())
                    .as("a command's reasons on its own task come in the same order").isSortedAccordingTo(Enum::compareTo);
        }
    }

    @Test
    void theDocumentedTableListsTheRulesInTheSameOrder() throws IOException {
        List<String[]> rows = documentedReasons();
        boolean[] matched = new boolean[rows.size()];
        for (List<? extends Violation<?>> rules : List.of(TRANSFER, OPENING, HOLD, POST, VOID)) {
            int row = 0;
            // A post's credit is a transfer's, documented with the transfer's rows.
            for (Violation<?> violation : (rules == POST ? onItsOwnTask(rules).toList() : rules)) {
                while (row < rows.size() && !describes(rows.get(row), violation)) {
                    row++;
                }
                assertThat(row).as("a documented row for %s at or after the one before it", violation.answer())
                        .isLessThan(rows.size());
                matched[row] = true;
            }
        }
        for (int row = 0; row < rows.size(); row++) {
            assertThat(matched[row]).as("documented row %s is a rule in the code's order", Arrays.toString(rows.get(row))).isTrue();
        }
    }

    /** The rules decided on the command's own task: not the credit's, which come back as REVERSED. */
    private static Stream<? extends Violation<?>> onItsOwnTask(List<? extends Violation<?>> rules) {
        return rules.stream().filter(violation -> violation.answer().startsWith("REJECTED"));
    }

    /** Each pair of violations of different slots, broken in one request: the earlier one's answer. */
    private static <C> Stream<DynamicTest> pairs(List<Violation<C>> rules, java.util.function.Supplier<C> sound,
                                                 java.util.function.Function<C, String> answer) {
        List<DynamicTest> tests = new ArrayList<>();
        for (int first = 0; first < rules.size(); first++) {
            for (int second = first + 1; second < rules.size(); second++) {
                Violation<C> earlier = rules.get(first);
                Violation<C> later = rules.get(second);
                if (earlier.slot().equals(later.slot())) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(earlier.answer() + " before " + later.answer(), () -> {
                    C both = sound.get();
                    later.breaks().accept(both);
                    earlier.breaks().accept(both);
                    assertThat(answer.apply(both)).isEqualTo(earlier.answer());
                }));
            }
        }
        assertThat(tests).hasSizeGreaterThan(rules.size());
        return tests.stream();
    }

    /** Whether a documented row (reason, when, outcome) is this rule: its reason, its outcome, and its field named. */
    private static boolean describes(String[] row, Violation<?> violation) {
        String field = violation.field();
        return row[0].equals(violation.reason().name()) && row[2].startsWith(violation.answer().split(" ")[0])
                && (field == null || row[1].contains("`" + field + "`"));
    }

    /** The rows of the documented table of reasons: reason (the first code span), when, outcome. */
    private static List<String[]> documentedReasons() throws IOException {
        List<String[]> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(repositoryRoot().resolve(RULES_PAGE))) {
            if (line.startsWith("| reason | when | outcome |")) {
                inTable = true;
            } else if (inTable && line.startsWith("| `")) {
                String[] cells = line.substring(1, line.length() - 1).split(" \\| ");
                rows.add(new String[] {cells[0].split("`")[1], cells[1], cells[2].trim()});
            } else if (inTable && !line.startsWith("|")) {
                break;
            }
        }
        assertThat(rows).as("the table of reasons in %s", RULES_PAGE).hasSizeGreaterThan(10);
        return rows;
    }

    /** The repository's root: the nearest directory above the working directory that holds {@code docs/}. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docs/ above " + Path.of("").toAbsolutePath());
    }

    private static <C> C broken(C sound, Violation<C> violation) {
        violation.breaks().accept(sound);
        return sound;
    }

    private static Account account(String id, String currency, AccountKind kind, long balance) {
        return new Account(id, currency, kind, balance, 1);
    }

    private static Map<String, String> entries(int count) {
        Map<String, String> entries = new HashMap<>();
        for (int i = 0; i < count; i++) {
            entries.put("k" + i, "v");
        }
        return entries;
    }

    /** Everything a transfer's decisions depend on, sound until a violation breaks it. */
    private static final class TransferCase {
        String transferId = "t-1";
        String sourceId = "alice";
        String destinationId = "bob";
        long amount = 5;
        String currency = "EUR";
        Map<String, String> metadata = Map.of("invoice", "1");
        String key;
        String wrongPartition;
        long requestedAt = NOW;
        Remembered remembered;
        final AccountCase source = new AccountCase(100);
        final AccountCase destination = new AccountCase(0);

        /** The request decided on its source's task, and its credit on the destination's: COMPLETED, or the outcome and reason. */
        String answer() {
            Transfer transfer = new Transfer(transferId, sourceId, destinationId, amount, currency, metadata);
            Envelope envelope = new Envelope(key == null ? sourceId : key, wrongPartition, requestedAt, NOW);
            Decision decision = LedgerRules.decideTransfer(transfer, envelope, source.state(sourceId), remembered);
            if (decision instanceof Rejected rejected) {
                return described(rejected);
            }
            assertThat(decision).isInstanceOf(Debited.class);
            Decision credit = LedgerRules.decideCredit(new CreditLeg(transferId, sourceId, destinationId, amount, currency),
                    destination.state(destinationId));
            return credit instanceof CreditRefused refused ? "REVERSED " + refused.reason() : "COMPLETED";
        }
    }

    /** An account's state, each part broken on its own: whether it is open, its currency, its kind and balance. */
    private static final class AccountCase {
        boolean open = true;
        String currency = "EUR";
        AccountKind kind = AccountKind.CUSTOMER;
        long balance;
        long pendingDebits;

        AccountCase(long balance) {
            this.balance = balance;
        }

        void settlementAt(long balance) {
            this.kind = AccountKind.SETTLEMENT;
            this.balance = balance;
        }

        Account state(String id) {
            return open ? new Account(id, currency, kind, balance, 1, pendingDebits) : null;
        }
    }

    /** Everything an OpenAccount's decision depends on, sound until a violation breaks it. */
    private static final class OpeningCase {
        String requestId = "r-1";
        String accountId = "dave";
        String currency = "EUR";
        AccountKind kind = AccountKind.CUSTOMER;
        String key = "dave";
        String wrongPartition;
        long requestedAt = NOW;
        Remembered remembered;
        Account existing;

        String answer() {
            Decision decision = LedgerRules.decideOpenAccount(new OpenAccount(requestId, accountId, currency, kind),
                    new Envelope(key, wrongPartition, requestedAt, NOW), existing, remembered);
            return decision instanceof Rejected rejected ? described(rejected) : "COMPLETED";
        }
    }

    /** Everything a hold's decision depends on, sound until a violation breaks it. */
    private static final class HoldCase {
        String holdId = "h-1";
        String sourceId = "alice";
        String destinationId = "bob";
        long amount = 5;
        String currency = "EUR";
        Long timeoutSeconds = 60L;
        Map<String, String> metadata = Map.of("order", "1");
        String key;
        String wrongPartition;
        long requestedAt = NOW;
        Remembered remembered;
        final AccountCase source = new AccountCase(100);

        String answer() {
            PlaceHold hold = new PlaceHold(holdId, sourceId, destinationId, amount, currency, timeoutSeconds, metadata);
            Envelope envelope = new Envelope(key == null ? sourceId : key, wrongPartition, requestedAt, NOW);
            Decision decision = LedgerRules.decidePlaceHold(hold, envelope, source.state(sourceId), remembered);
            if (decision instanceof Rejected rejected) {
                return described(rejected);
            }
            assertThat(decision).isInstanceOf(Held.class);
            return "HELD";
        }
    }

    /** Everything a post's decisions depend on (its hold: 40 of 100 EUR held), sound until a violation breaks it. */
    private static final class PostCase {
        String postId = "p-1";
        String sourceId = "alice";
        String holdId = "h-1";
        Long amount = 25L;
        String key;
        String wrongPartition;
        long requestedAt = NOW;
        long receivedAt = NOW;
        Remembered remembered;
        Hold hold = new Hold("h-1", "alice", "bob", 40, "EUR", NOW + 1_000, Hold.Status.HELD, 0, null);
        final AccountCase source = new AccountCase(100);
        final AccountCase destination = new AccountCase(0);

        PostCase() {
            source.pendingDebits = 40;
        }

        String answer() {
            Envelope envelope = new Envelope(key == null ? sourceId : key, wrongPartition, requestedAt, receivedAt);
            Decision decision = LedgerRules.decidePostHold(new PostHold(postId, sourceId, holdId, amount), envelope,
                    source.state(sourceId), remembered, hold);
            if (decision instanceof Rejected rejected) {
                return described(rejected);
            }
            assertThat(decision).isInstanceOf(Posted.class);
            Posted posted = (Posted) decision;
            Decision credit = LedgerRules.decideCredit(new CreditLeg(postId, sourceId, hold.destinationAccountId(),
                    posted.hold().postedAmount(), hold.currency()), destination.state(hold.destinationAccountId()));
            return credit instanceof CreditRefused refused ? "REVERSED " + refused.reason() : "COMPLETED";
        }
    }

    /** Everything a void's decision depends on, sound until a violation breaks it. */
    private static final class VoidCase {
        String voidId = "v-1";
        String sourceId = "alice";
        String holdId = "h-1";
        String key;
        String wrongPartition;
        long requestedAt = NOW;
        long receivedAt = NOW;
        Remembered remembered;
        Hold hold = new Hold("h-1", "alice", "bob", 40, "EUR", NOW + 1_000, Hold.Status.HELD, 0, null);
        final AccountCase source = new AccountCase(100);

        VoidCase() {
            source.pendingDebits = 40;
        }

        String answer() {
            Envelope envelope = new Envelope(key == null ? sourceId : key, wrongPartition, requestedAt, receivedAt);
            Decision decision = LedgerRules.decideVoidHold(new VoidHold(voidId, sourceId, holdId), envelope,
                    source.state(sourceId), remembered, hold);
            if (decision instanceof Rejected rejected) {
                return described(rejected);
            }
            assertThat(decision).isInstanceOf(Voided.class);
            return "COMPLETED";
        }
    }

    private static String described(Rejected rejected) {
        return "REJECTED " + rejected.reason()
                + (rejected.reason() == RejectReason.INVALID_FIELD ? " (" + rejected.detail().split(":")[0] + ")" : "");
    }
}
