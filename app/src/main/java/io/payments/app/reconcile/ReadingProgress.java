package io.payments.app.reconcile;

import io.payments.reconcile.Progress;
import java.io.PrintWriter;

/**
 * Shows how far a replay has read: one line rewritten in place at most once a second on a
 * terminal, a plain line every five seconds otherwise.
 */
final class ReadingProgress implements Progress {

    private final PrintWriter out;
    private final boolean terminal = System.console() != null;
    private final long started = System.nanoTime();
    private long lastPrinted;
    private String phase = "";

    ReadingProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public synchronized void reading(String phase, long done, long total) {
        long now = System.nanoTime();
        boolean newPhase = !phase.equals(this.phase);
        if (!newPhase && now - lastPrinted < (terminal ? 1_000_000_000L : 5_000_000_000L)) {
            return;
        }
        if (newPhase && terminal && !this.phase.isEmpty()) {
            out.println();
        }
        this.phase = phase;
        lastPrinted = now;
        double seconds = (now - started) / 1e9;
        String line = total > 1
                ? String.format("%-32s %,14d / %,d (%3.0f %%)  %,.0f s", phase, done, total, 100.0 * done / total, seconds)
                : String.format("%-32s %,.0f s", phase, seconds);
        out.print(terminal ? "\r" + line : line + System.lineSeparator());
        out.flush();
    }

    void finish() {
        if (terminal) {
            out.println();
            out.flush();
        }
    }
}
