package io.payments.schemas.failure;

/**
 * The three ways anything in the pipeline can fail, and what each service does about it
 * (docs/failures.md, "Failure classes"). Every error a service meets is put in one of them; nothing is
 * retried forever that cannot succeed, and no record is skipped silently.
 */
public enum FailureClass {
    /**
     * The infrastructure is unreachable, slow or misconfigured (a broker, the schema registry or
     * PostgreSQL down, a timeout, a deadlock, a registry answering 5xx, 429, 401 or 403). Retried
     * with capped backoff; the service stays up and shows it in its metrics and {@code /health}.
     * Never a dead letter: the record is fine.
     */
    TRANSIENT,
    /**
     * The record itself cannot be processed (undecodable bytes, a schema id the registry does not
     * have or cannot parse, a row PostgreSQL refuses for its content). The processor dead-letters
     * it and goes on; the sink stops that one partition at that record and goes on with the others.
     */
    RECORD,
    /**
     * A broken invariant or a bug (a constraint the projection's own rows should never break, a
     * missing permission, a leg that does not match the state). The service stops with one clear
     * line: going on could move or record money wrongly.
     */
    BUG
}
