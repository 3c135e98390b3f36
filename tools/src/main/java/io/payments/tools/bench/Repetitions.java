package io.payments.tools.bench;

import java.util.List;

/** Median and range of a measurement repeated several times. */
record Repetitions(double median, double min, double max) {

    static Repetitions of(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Repetitions(median, sorted[0], sorted[n - 1]);
    }

    String format(String unit) {
        return String.format("%,.0f %s (%,.0f–%,.0f)", median, unit, min, max);
    }

}
