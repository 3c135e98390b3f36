package io.payments.reconcile.audit;

/**
 * Every input record the processor must refuse (undecodable, or a credits-topic record on another
 * partition than its key's) must have been dead-lettered: the processor never skips a record silently.
 */
final class DeadLetterAudit implements GroupScan.Visitor {

    private final Findings findings;
    private final long pendingFrom;
    private byte[] group;
    private Long timestamp;
    private String reason;
    private boolean deadLettered;

    DeadLetterAudit(Findings findings, long pendingFrom) {
        this.findings = findings;
        this.pendingFrom = pendingFrom;
    }

    @Override
    public void start(byte[] group) {
        this.group = group;
        timestamp = null;
        reason = null;
        deadLettered = false;
    }

    @Override
    public void fact(byte kind, byte[] key, byte[] value) {
        if (kind == Facts.UNDECODABLE) {
            FactCodec.In in = new FactCodec.In(value);
            timestamp = in.number();
            reason = in.string();
        } else {
            deadLettered = true;
        }
    }

    @Override
    public void end() {
        if (timestamp == null) {
            return;
        }
        findings.count("input records to dead-letter");
        if (!deadLettered && timestamp < pendingFrom) {
            String[] at = FactKeys.ids(group);
            findings.report(ViolationKind.UNDECODABLE_NOT_DEAD_LETTERED, reason, "topic=" + at[0], "partition=" + at[1],
                    "offset=" + at[2]);
        }
    }
}
