package io.payments.reconcile.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Ids may hold any character: a 0 or the escape byte in one must not move a group's boundary. */
class FactKeysTest {

    @Test
    void idsWithZeroAndEscapeBytesKeepTheirGroup() {
        String source = "acct\u0000x";
        String transfer = "t\u0001\u0000\u0002-é";
        byte[] group = FactKeys.transferGroup(source, transfer);
        byte[] key = FactKeys.key(group, Facts.RESULT, 3, 42);

        assertThat(FactKeys.groupLength(key)).isEqualTo(group.length);
        assertThat(FactKeys.kind(key)).isEqualTo(Facts.RESULT);
        assertThat(FactKeys.order(key, 1)).isEqualTo(42);
        assertThat(FactKeys.ids(group)).containsExactly(source, transfer);
        assertThat(FactKeys.ids(FactKeys.accountGroup("\u0001\u0001"))).containsExactly("\u0001\u0001");
    }
}
