package io.payments.producer.load;

import java.util.Arrays;
import java.util.Random;

/** Picks 0..n-1 with probability proportional to 1/(rank+1)^s: a few hot accounts, a long tail. */
final class ZipfPicker {

    private final double[] cumulative;

    ZipfPicker(int n, double exponent) {
        cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, exponent);
            cumulative[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
    }

    int next(Random random) {
        int index = Arrays.binarySearch(cumulative, random.nextDouble());
        return Math.min(cumulative.length - 1, index >= 0 ? index : -index - 1);
    }
}
