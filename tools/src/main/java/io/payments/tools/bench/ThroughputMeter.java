package io.payments.tools.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Times how long a counter takes to go from a warm-up mark to a final count, printing progress
 * every two seconds so a person watching sees the rate and how far it is.
 */
final class ThroughputMeter {

    private static final long STALL_NANOS = 60_000_000_000L;

    private ThroughputMeter() {
    }

    /** A measured run: how many units were counted after the warm-up, in how long. */
    record Measurement(String name, long units, Duration elapsed) {
        double perSecond() {
            return units * 1_000_000_000.0 / elapsed.toNanos();
        }
    }

    static Measurement measure(String name, LongSupplier counter, long warmup, long total,
                               Duration timeout, PrintWriter out) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long started = 0;
        long lastPrint = System.nanoTime();
        long lastCount = 0;
        long lastChange = System.nanoTime();
        long previous = -1;
        while (true) {
            long count = counter.getAsLong();
            long now = System.nanoTime();
            if (count != previous) {
                previous = count;
                lastChange = now;
            } else if (now - lastChange > STALL_NANOS) {
                throw new IllegalStateException(name + " made no progress for " + STALL_NANOS / 1_000_000_000 + " s at "
                        + count + " of " + total + " records; see the log in the data dir");
            }
            if (started == 0 && count >= warmup) {
                started = now;
            }
            if (count >= total) {
                return new Measurement(name, total - warmup, Duration.ofNanos(now - started));
            }
            if (now > deadline) {
                throw new IllegalStateException(name + " did not finish within " + timeout.toMinutes()
                        + " minutes: " + count + " of " + total + " records");
            }
            if (now - lastPrint >= 2_000_000_000L) {
                out.printf("  %-8s %,12d / %,d records  %,9.0f records/s%s%n", name, count, total,
                        (count - lastCount) * 1e9 / (now - lastPrint), started == 0 ? "  (warming up)" : "");
                out.flush();
                lastPrint = now;
                lastCount = count;
            }
            Thread.sleep(5);
        }
    }
}
