package io.payments.reconcile;

/** Told where a long read stands; called often, so an implementation should throttle its output. */
public interface Progress {
    void reading(String phase, long done, long total);
}
