package io.payments.tools.demo;

import io.payments.producer.load.LoadGenerator;
import io.payments.sink.consumer.SinkService;
import java.io.PrintWriter;

/** The demo's one live status view: a line rewritten every second on a terminal, a plain line every five seconds otherwise. */
final class DemoStatus {

    private final PrintWriter out;
    private final boolean terminal = System.console() != null;
    private long lastPrint = System.nanoTime();
    private long lastResults;

    DemoStatus(PrintWriter out) {
        this.out = out;
    }

    void maybePrint(LoadGenerator generator, ResultTally results, SinkService sink) {
        long now = System.nanoTime();
        long interval = terminal ? 1_000_000_000L : 5_000_000_000L;
        if (now - lastPrint < interval) {
            return;
        }
        long total = results.total();
        String line = String.format("sent %,d | results %,d (completed %,d, reversed %,d, rejected %,d, retries %,d) | "
                        + "in flight %,d | PostgreSQL %,d rows, lag %,d | %,.0f results/s",
                generator.sent(), total, results.count("COMPLETED"),
                results.count("REVERSED"), results.count("REJECTED"), results.count("DUPLICATE"),
                Math.max(0, generator.sent() - total), sink.rowsWritten(), Math.max(0, sink.lag()),
                (total - lastResults) * 1e9 / (now - lastPrint));
        if (terminal) {
            out.print("\r" + line + "   ");
        } else {
            out.println(line);
        }
        out.flush();
        lastPrint = now;
        lastResults = total;
    }

    void finish() {
        if (terminal) {
            out.println();
        }
    }
}
