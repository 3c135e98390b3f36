package io.payments.producer.load;

import java.util.Arrays;

/** Send-to-acknowledgement latencies in microseconds, kept exactly so percentiles are exact. */
public final class LatencyRecorder {

    private long[] values = new long[1 << 16];
    private int count;

    synchronized void record(long micros) {
        if (count == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[count++] = micros;
    }

    /** The latency at a percentile (0-100], in microseconds; 0 when nothing was recorded. */
    public synchronized long percentile(double percentile) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))];
    }
}
