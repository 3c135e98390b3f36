package io.payments.reconcile.audit;

import java.util.Map;

/** Runs every check over the facts gathered from the log (and PostgreSQL). */
public final class LedgerAudit {

    private LedgerAudit() {
    }

    /**
     * @param sunkResults per partition of payments.transfer-results, the sink's stored offset (null: PostgreSQL not checked)
     * @param sunkEntries the same for payments.ledger-entries
     * @param pendingFrom requests (and undecodable commands) at or after this time may still be waiting for the processor
     */
    public static void run(Facts facts, Findings findings, Map<Integer, Long> sunkResults, Map<Integer, Long> sunkEntries,
                           long pendingFrom) {
        GroupScan.scan(facts.store(), FactKeys.TRANSFER, new TransferAudit(findings, facts.store(), sunkResults, pendingFrom));
        GroupScan.scan(facts.store(), FactKeys.ACCOUNT, new AccountAudit(findings, facts.store(), sunkEntries));
        GroupScan.scan(facts.store(), FactKeys.UNDECODABLE, new DeadLetterAudit(findings, pendingFrom));
        findings.checkMoneyIsConserved();
    }
}
