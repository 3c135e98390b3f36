package io.payments.local;

import io.payments.producer.client.TransferClient;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A load sent on a thread of its own through a {@link TransferClient} of its own, whose failure
 * the caller sees instead of losing it in the thread.
 */
public final class LoadRun {

    /** What the load does with its client. */
    @FunctionalInterface
    public interface Body {
        void send(TransferClient client) throws Exception;
    }

    private final Thread thread;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    private LoadRun(String name, TransferClient.Config client, Body body) {
        this.thread = new Thread(() -> {
            try (TransferClient connected = TransferClient.connect(client)) {
                body.send(connected);
            } catch (Exception e) {
                failure.set(e);
            }
        }, name);
    }

    /** Starts sending on a thread named {@code name}. */
    public static LoadRun start(String name, TransferClient.Config client, Body body) {
        LoadRun run = new LoadRun(name, client, body);
        run.thread.start();
        return run;
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Waits up to {@code millis} (0: until it ends); throws what the load threw. */
    public void join(long millis) throws Exception {
        thread.join(millis);
        throwIfFailed();
    }

    /** Throws what the load threw, if it did. */
    public void throwIfFailed() throws Exception {
        Exception e = failure.get();
        if (e != null) {
            throw e;
        }
    }
}
