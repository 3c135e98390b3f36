package io.payments.reconcile.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.payments.reconcile.audit.Findings;
import io.payments.reconcile.audit.Violation;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The findings for people (a summary with examples) or for machines ({@code --json}). */
public final class ReconcileReport {

    private ReconcileReport() {
    }

    public static void printText(PrintWriter out, Findings findings, Duration took) {
        out.printf("Reconciliation %s in %.1f s%n", findings.violations() == 0 ? "PASSED" : "FAILED",
                took.toMillis() / 1000.0);
        out.println();
        out.println("Checked");
        findings.checked().forEach((what, n) -> out.printf("  %-44s %,14d%n", what, n));
        out.println();
        out.println("Money (minor units)");
        out.printf("  %-8s %22s %22s%n", "currency", "Σ balances", "in flight");
        var currencies = new java.util.TreeSet<>(findings.balances().keySet());
        currencies.addAll(findings.inFlight().keySet());
        for (String currency : currencies) {
            out.printf("  %-8s %,22d %,22d%n", currency, findings.balances().getOrDefault(currency, 0L),
                    findings.inFlight().getOrDefault(currency, 0L));
        }
        out.println();
        if (findings.violations() == 0) {
            out.println("Violations: none");
        } else {
            out.printf("Violations: %,d%n", findings.violations());
            findings.counts().forEach((kind, n) -> {
                out.printf("  %-30s %,10d  %s%n", kind, n, kind.meaning());
                for (Violation v : findings.examples().getOrDefault(kind, List.of())) {
                    out.printf("      %s  %s%n", String.join(" ", v.ids()), v.detail());
                }
            });
        }
        out.flush();
    }

    public static void printJson(PrintWriter out, Findings findings, Duration took) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("passed", findings.violations() == 0);
        json.put("seconds", took.toMillis() / 1000.0);
        json.put("checked", findings.checked());
        json.put("balances", findings.balances());
        json.put("inFlight", findings.inFlight());
        json.put("violations", findings.violations());
        Map<String, Object> byKind = new LinkedHashMap<>();
        findings.counts().forEach((kind, n) -> {
            List<Map<String, Object>> examples = new ArrayList<>();
            for (Violation v : findings.examples().getOrDefault(kind, List.of())) {
                examples.add(Map.of("ids", v.ids(), "detail", v.detail()));
            }
            byKind.put(kind.name(), Map.of("count", n, "meaning", kind.meaning(), "examples", examples));
        });
        json.put("byKind", byKind);
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }
}
