package io.payments.tools.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;

/**
 * The records a benchmark's feeder could not write. A benchmark fed less than it counts on would
 * wait forever for the missing records: it refuses to measure instead.
 */
final class SendFailures {

    private final AtomicLong count = new AtomicLong();
    private final AtomicReference<Exception> first = new AtomicReference<>();

    /** The producer callback that counts a failed send and keeps the first error. */
    Callback callback() {
        return (metadata, error) -> {
            if (error != null) {
                count.incrementAndGet();
                first.compareAndSet(null, error);
            }
        };
    }

    /** @throws IllegalStateException when a send to {@code topic} failed, naming how many and the first cause */
    void requireNone(String topic) {
        if (count.get() > 0) {
            throw new IllegalStateException(count.get() + " records could not be written to " + topic
                    + ", the first because of " + first.get());
        }
    }
}
