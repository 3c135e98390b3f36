package io.payments.reconcile.audit;

import java.util.List;

/** One thing found wrong, with the ids involved (account, transfer, partition/offset) and what was seen. */
public record Violation(ViolationKind kind, List<String> ids, String detail) {

    public Violation {
        ids = List.copyOf(ids);
    }
}
