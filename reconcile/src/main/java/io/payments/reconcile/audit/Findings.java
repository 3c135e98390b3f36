package io.payments.reconcile.audit;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a reconciliation counted and found: violations by kind with the first few examples of
 * each (memory stays bounded however many there are), what was checked, and money per currency.
 */
public final class Findings {

    private final int examplesPerKind;
    private final Map<ViolationKind, Long> counts = new EnumMap<>(ViolationKind.class);
    private final Map<ViolationKind, List<Violation>> examples = new EnumMap<>(ViolationKind.class);
    private final Map<String, Long> checked = new LinkedHashMap<>();
    private final Map<String, Long> balances = new TreeMap<>();
    private final Map<String, Long> inFlight = new TreeMap<>();

    public Findings(int examplesPerKind) {
        this.examplesPerKind = examplesPerKind;
    }

    public void report(ViolationKind kind, String detail, String... ids) {
        counts.merge(kind, 1L, Long::sum);
        List<Violation> list = examples.computeIfAbsent(kind, k -> new ArrayList<>());
        if (list.size() < examplesPerKind) {
            list.add(new Violation(kind, List.of(ids), detail));
        }
    }

    public void count(String what) {
        count(what, 1);
    }

    public void count(String what, long n) {
        checked.merge(what, n, Long::sum);
    }

    void addBalance(String currency, long minor) {
        balances.merge(currency, minor, Math::addExact);
    }

    void addInFlight(String currency, long minor) {
        inFlight.merge(currency, minor, Math::addExact);
    }

    /** Check 4: per currency, Σ balances + in flight = 0. */
    void checkMoneyIsConserved() {
        Map<String, Long> all = new TreeMap<>(balances);
        inFlight.forEach((currency, minor) -> all.merge(currency, minor, Math::addExact));
        all.forEach((currency, total) -> {
            if (total != 0) {
                report(ViolationKind.IMBALANCE, "balances " + balances.getOrDefault(currency, 0L) + " + in flight "
                        + inFlight.getOrDefault(currency, 0L) + " = " + total + " minor units", currency);
            }
        });
    }

    public long violations() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<ViolationKind, Long> counts() {
        return counts;
    }

    public Map<ViolationKind, List<Violation>> examples() {
        return examples;
    }

    public Map<String, Long> checked() {
        return checked;
    }

    public Map<String, Long> balances() {
        return balances;
    }

    public Map<String, Long> inFlight() {
        return inFlight;
    }
}
