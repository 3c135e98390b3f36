package io.payments.sink.consumer;

import org.apache.kafka.common.utils.Time;

/** A clock that moves only when something sleeps on it: waits cost nothing and are exact. */
final class ManualTime implements Time {

    private long nanos;

    @Override
    public synchronized long milliseconds() {
        return nanos / 1_000_000;
    }

    @Override
    public synchronized long nanoseconds() {
        return nanos;
    }

    @Override
    public synchronized void sleep(long ms) {
        nanos += ms * 1_000_000;
    }
}
