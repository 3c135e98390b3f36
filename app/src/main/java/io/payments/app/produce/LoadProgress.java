package io.payments.app.produce;

import io.payments.producer.load.LoadGenerator;
import java.io.PrintWriter;

/**
 * Shows a load generator's progress while it runs: one line rewritten in place every second on a
 * terminal, a plain line every five seconds otherwise (logs, CI).
 */
final class LoadProgress implements AutoCloseable {

    private final Thread thread;
    private volatile boolean running = true;

    private LoadProgress(LoadGenerator generator, PrintWriter out) {
        boolean terminal = System.console() != null;
        thread = new Thread(() -> {
            long lastSent = 0;
            long lastTime = System.nanoTime();
            while (running) {
                try {
                    Thread.sleep(terminal ? 1_000 : 5_000);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                long sent = generator.sent();
                String line = String.format("%-28s sent %,10d  acked %,10d  errors %,6d  %,8.0f/s", generator.phase(),
                        sent, generator.acknowledged(), generator.failed(), (sent - lastSent) * 1e9 / (now - lastTime));
                if (terminal) {
                    out.print("\r" + line);
                } else {
                    out.println(line);
                }
                out.flush();
                lastSent = sent;
                lastTime = now;
            }
            if (terminal) {
                out.println();
            }
        }, "load-progress");
        thread.setDaemon(true);
    }

    static LoadProgress start(LoadGenerator generator, PrintWriter out) {
        LoadProgress progress = new LoadProgress(generator, out);
        progress.thread.start();
        return progress;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2_000);
    }
}
