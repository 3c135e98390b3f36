package io.payments.tools.chaos;

/** What the harness does to the pipeline. */
enum Fault {
    /** SIGKILL a random processor JVM, then start it again. */
    KILL_PROCESSOR,
    /** SIGKILL a random sink JVM, then start it again. */
    KILL_SINK,
    /** SIGKILL the broker, then start it again on the same data. */
    KILL_BROKER,
    /**
     * SIGSTOP a random processor or sink past its session timeout, so the group moves its
     * partitions to the other instance, then SIGCONT: the zombie must be fenced, not write.
     */
    PAUSE_ZOMBIE
}
