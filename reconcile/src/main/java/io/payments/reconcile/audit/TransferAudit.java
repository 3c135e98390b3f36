package io.payments.reconcile.audit;

import io.payments.reconcile.spill.SpillStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks 1 and 5 for requests: every request has exactly one final result, the ledger's entries
 * match the outcome (a transfer's or post's legs, a hold's HOLD entry, a void's RELEASE), a debit
 * has its credit leg, and PostgreSQL's transfers row has the final status. For a hold: it ends at
 * most once, no post or void ends it at or after its deadline, and one still open is noted for its
 * account's pending debits ({@link AccountAudit}). Also adds the money in flight (debited, neither
 * credited nor refunded).
 */
final class TransferAudit implements GroupScan.Visitor {

    private record Request(String type, String destination, long amount, String currency, long timestamp,
                           boolean wrongPartition, long timeoutSeconds) {
    }

    private record Result(String type, String outcome, String reason, boolean duplicate, boolean recorded, long amount,
                          String currency, String destination, int partition, long offset) {
    }

    private record Leg(String leg, String accountId, long amount, String currency, long pendingChange) {
    }

    private final Findings findings;
    private final Map<Integer, Long> sunkResults;
    private final long pendingFrom;
    private final List<Request> requests = new ArrayList<>();
    private final List<Result> results = new ArrayList<>();
    private final List<Leg> legs = new ArrayList<>();
    /** Partition and offset of each credit leg of the transfer on payments.credits, and of those the processor refused. */
    private final Set<String> creditLegs = new HashSet<>();
    private final Set<String> refusedLegs = new HashSet<>();
    /** Broker time of each post or void that names this group's hold, by its id. */
    private final Map<String, Long> holdCommands = new java.util.HashMap<>();
    /** Entries of other requests that end this group's hold: leg and the request's id. */
    private final List<String[]> holdEndings = new ArrayList<>();
    private final SpillStore store;
    private long openHolds;
    private String postgresStatus;
    private String source;
    private String transferId;

    /**
     * @param sunkResults per partition of payments.transfer-results, the offset the sink has
     *                    written up to (null when PostgreSQL is not checked)
     * @param pendingFrom requests at or after this time may still be waiting for their result
     */
    TransferAudit(Findings findings, SpillStore store, Map<Integer, Long> sunkResults, long pendingFrom) {
        this.findings = findings;
        this.store = store;
        this.sunkResults = sunkResults;
        this.pendingFrom = pendingFrom;
    }

    @Override
    public void start(byte[] group) {
        String[] ids = FactKeys.ids(group);
        source = ids[0];
        transferId = ids[1];
        requests.clear();
        results.clear();
        legs.clear();
        creditLegs.clear();
        refusedLegs.clear();
        holdCommands.clear();
        holdEndings.clear();
        postgresStatus = null;
    }

    @Override
    public void fact(byte kind, byte[] key, byte[] value) {
        FactCodec.In in = new FactCodec.In(value);
        switch (kind) {
            case Facts.REQUEST -> requests.add(new Request(in.string(), in.string(), in.number(), in.string(), in.number(),
                    in.flag(), in.number()));
            case Facts.RESULT -> results.add(new Result(in.string(), in.string(), in.string(), in.flag(), in.flag(),
                    in.number(), in.string(), in.string(), (int) in.number(), in.number()));
            case Facts.TRANSFER_ENTRY -> legs.add(new Leg(in.string(), in.string(), in.number(), in.string(), in.number()));
            case Facts.CREDIT_LEG -> creditLegs.add(FactKeys.order(key, 0) + "@" + FactKeys.order(key, 1));
            case Facts.REFUSED_LEG -> refusedLegs.add(FactKeys.order(key, 0) + "@" + FactKeys.order(key, 1));
            case Facts.PG_TRANSFER -> postgresStatus = in.string();
            case Facts.HOLD_COMMAND -> holdCommands.put(in.string(), in.number());
            case Facts.HOLD_ENDING -> holdEndings.add(new String[] {in.string(), in.string()});
            default -> throw new IllegalStateException("unknown transfer fact " + kind);
        }
    }

    @Override
    public void end() {
        if (!requests.isEmpty()) {
            findings.count("requests", requests.size());
        }
        findings.count("results", results.size());
        if (results.size() < requests.size()) {
            long newest = requests.stream().mapToLong(Request::timestamp).max().orElseThrow();
            if (newest >= pendingFrom) {
                findings.count("requests pending (within the grace)", requests.size() - results.size());
            } else {
                report(ViolationKind.MISSING_RESULT, requests.size() + " request(s), " + results.size() + " result(s)");
            }
        } else if (results.size() > requests.size()) {
            report(ViolationKind.RESULT_WITHOUT_REQUEST, requests.size() + " request(s), " + results.size() + " result(s)");
        }
        List<Result> decisive = results.stream().filter(r -> r.recorded() && !r.duplicate()).toList();
        if (decisive.size() > 1) {
            report(ViolationKind.DUPLICATE_FINAL_RESULT, decisive.size() + " final results: "
                    + decisive.stream().map(Result::outcome).toList());
        }
        if (requests.isEmpty() && !legs.isEmpty()) {
            report(ViolationKind.ENTRY_WITHOUT_REQUEST, legs.size() + " entr" + (legs.size() == 1 ? "y" : "ies") + ": "
                    + legs.stream().map(l -> l.leg() + " " + l.amount() + " " + l.currency() + " on " + l.accountId()).toList());
        }
        checkWrongPartitions();
        Result last = decisive.isEmpty() ? null : decisive.get(decisive.size() - 1);
        checkLegs(last);
        if (last != null && last.outcome().equals("HELD")) {
            checkHold();
        }
        checkPostgres(last);
    }

    /**
     * A hold ends once (an EXPIRY entry here, or a post's or void's entry naming it), never by a
     * post or void that came at or after its deadline (the PlaceHold's broker time plus its
     * timeout); one still open counts in its account's pending debits.
     */
    private void checkHold() {
        findings.count("holds");
        Request placed = requests.stream().filter(r -> r.type().equals("PLACE_HOLD")).findFirst().orElse(null);
        Leg held = legs.stream().filter(l -> l.leg().equals("HOLD")).findFirst().orElse(null);
        long expiries = legs.stream().filter(l -> l.leg().equals("EXPIRY")).count();
        if (expiries + holdEndings.size() > 1) {
            report(ViolationKind.HOLD_ENDED_TWICE, (expiries + holdEndings.size()) + " endings: " + expiries
                    + " expir" + (expiries == 1 ? "y" : "ies") + ", " + holdEndings.stream().map(e -> e[0] + " of " + e[1])
                    .toList());
        }
        if (placed != null && placed.timeoutSeconds() >= 0) {
            long deadline = placed.timestamp() + placed.timeoutSeconds() * 1_000;
            for (String[] ending : holdEndings) {
                Long at = holdCommands.get(ending[1]);
                if (at != null && at >= deadline) {
                    report(ViolationKind.HOLD_ENDED_AFTER_DEADLINE, ending[0] + " of " + ending[1] + " at broker time "
                            + at + ", the hold's deadline was " + deadline);
                }
            }
        }
        if (held != null && expiries == 0 && holdEndings.isEmpty()) {
            findings.count("holds open");
            Facts.openHold(store, source, openHolds++, held.pendingChange());
        }
    }

    /**
     * Each command on another partition than its key's gets a REJECTED WRONG_PARTITION that is not
     * recorded; when every request of the id was misplaced, nothing else may answer it or move money.
     */
    private void checkWrongPartitions() {
        long misplaced = requests.stream().filter(Request::wrongPartition).count();
        if (misplaced == 0) {
            return;
        }
        findings.count("commands on a wrong partition", misplaced);
        long refused = results.stream().filter(r -> r.outcome().equals("REJECTED") && "WRONG_PARTITION".equals(r.reason())
                && !r.recorded()).count();
        List<Result> otherAnswers = results.stream().filter(r -> !"WRONG_PARTITION".equals(r.reason())).toList();
        boolean allAnswered = results.size() >= requests.size();
        if ((allAnswered && refused < misplaced) || (misplaced == requests.size() && (!otherAnswers.isEmpty() || !legs.isEmpty()))) {
            report(ViolationKind.WRONG_PARTITION_NOT_REFUSED, misplaced + " of " + requests.size()
                    + " request(s) on a wrong partition; " + refused + " refused WRONG_PARTITION; other answers "
                    + otherAnswers.stream().map(r -> r.outcome() + (r.reason() == null ? "" : " " + r.reason())).toList()
                    + ", entries " + legs.stream().map(l -> l.leg() + " " + l.amount() + " on " + l.accountId()).toList());
        }
    }

    private void checkLegs(Result result) {
        long debits = legs.stream().filter(l -> l.leg().equals("DEBIT")).count();
        long credits = legs.stream().filter(l -> l.leg().equals("CREDIT")).count();
        long refunds = legs.stream().filter(l -> l.leg().equals("REFUND")).count();
        creditLegs.removeAll(refusedLegs);
        if (debits > 0 && creditLegs.size() != 1) {
            report(ViolationKind.CREDIT_LEG_MISMATCH, debits + " debit(s), " + creditLegs.size()
                    + " credit leg(s) on payments.credits");
        }
        if (credits + refunds > debits) {
            report(ViolationKind.LEG_WITHOUT_DEBIT, debits + " debit(s), " + credits + " credit(s), " + refunds
                    + " refund(s): " + legs.stream().map(l -> l.leg() + " " + l.amount() + " on " + l.accountId()).toList());
        }
        if (result != null && (result.type().equals("PLACE_HOLD") || result.type().equals("VOID_HOLD"))) {
            checkHoldLegs(result);
            return;
        }
        if (result == null || !movesMoney(result)) {
            if (result != null && !legs.isEmpty()) {
                report(ViolationKind.LEGS_DO_NOT_MATCH_OUTCOME, "an " + result.type() + " result, yet " + legs.size()
                        + " ledger entries");
            } else if (result == null && debits == 1 && credits == 0 && refunds == 0) {
                Leg debit = legs.stream().filter(l -> l.leg().equals("DEBIT")).findFirst().orElseThrow();
                findings.addInFlight(debit.currency(), -debit.amount());
                findings.count("transfers in flight");
            }
            return;
        }
        findings.count("transfers with a final result");
        boolean matches = switch (result.outcome()) {
            case "COMPLETED" -> debits == 1 && credits == 1 && refunds == 0 && legsMatch(result, "CREDIT");
            case "REVERSED" -> debits == 1 && credits == 0 && refunds == 1 && legsMatch(result, "REFUND");
            default -> legs.isEmpty();
        };
        if (!matches) {
            report(ViolationKind.LEGS_DO_NOT_MATCH_OUTCOME, result.outcome() + " " + result.amount() + " "
                    + result.currency() + ", entries " + legs.stream().map(l -> l.leg() + " " + l.amount() + " "
                    + l.currency() + " on " + l.accountId()).toList());
        }
    }

    /** A transfer, or a post, which moves money as a transfer does. */
    private static boolean movesMoney(Result result) {
        return result.type().equals("TRANSFER") || result.type().equals("POST_HOLD");
    }

    /**
     * A hold's entries: HELD, one HOLD of the held amount on the source, moving no posted money,
     * and at most one EXPIRY of it; a void's: COMPLETED, one RELEASE on the source; REJECTED, none.
     */
    private void checkHoldLegs(Result result) {
        boolean placing = result.type().equals("PLACE_HOLD");
        boolean matches = switch (result.outcome()) {
            case "HELD" -> placing && legs.stream().filter(l -> l.leg().equals("HOLD")).count() == 1
                    && legs.stream().allMatch(l -> l.accountId().equals(source) && l.amount() == 0
                    && l.currency().equals(result.currency()) && (l.leg().equals("HOLD")
                    ? l.pendingChange() == result.amount() : l.leg().equals("EXPIRY") && l.pendingChange() == -result.amount()));
            case "COMPLETED" -> !placing && legs.size() == 1 && legs.get(0).leg().equals("RELEASE")
                    && legs.get(0).accountId().equals(source) && legs.get(0).amount() == 0
                    && legs.get(0).pendingChange() == -result.amount();
            default -> legs.isEmpty();
        };
        if (!matches) {
            report(ViolationKind.LEGS_DO_NOT_MATCH_OUTCOME, result.type() + " " + result.outcome() + " " + result.amount()
                    + " " + result.currency() + ", entries " + legs.stream().map(l -> l.leg() + " " + l.amount()
                    + " (pending " + l.pendingChange() + ") on " + l.accountId()).toList());
        }
    }

    /** One debit of -amount on the source, and the second leg of +amount on the right account, all in the result's currency. */
    private boolean legsMatch(Result result, String secondLeg) {
        String secondAccount = secondLeg.equals("CREDIT") ? result.destination() : source;
        return legs.stream().allMatch(l -> l.currency().equals(result.currency())
                && (l.leg().equals("DEBIT")
                    ? l.amount() == -result.amount() && l.accountId().equals(source)
                    : l.amount() == result.amount() && l.accountId().equals(secondAccount)));
    }

    private void checkPostgres(Result result) {
        if (sunkResults == null || result == null || !movesMoney(result)
                || result.offset() >= sunkResults.getOrDefault(result.partition(), 0L)) {
            return;
        }
        findings.count("transfers rows compared");
        if (postgresStatus == null) {
            report(ViolationKind.PG_TRANSFER_MISSING, "final result " + result.outcome() + " at transfer-results "
                    + result.partition() + "@" + result.offset() + " is behind the sink's offset");
        } else if (!postgresStatus.equals(result.outcome())) {
            report(ViolationKind.PG_TRANSFER_STATUS_MISMATCH, "PostgreSQL says " + postgresStatus + ", the log says "
                    + result.outcome());
        }
    }

    private void report(ViolationKind kind, String detail) {
        findings.report(kind, detail, "source=" + source, "transfer=" + transferId);
    }
}
