package io.payments.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.ledger.Account;
import io.payments.ledger.AccountKind;
import org.junit.jupiter.api.Test;

class RecentAccountsTest {

    private static Account account(String id, long version) {
        return new Account(id, "EUR", AccountKind.CUSTOMER, 100 * version, version);
    }

    @Test
    void holdsTheLatestStateOfEachAccount() {
        RecentAccounts recent = new RecentAccounts(10);
        recent.put(account("a", 1));
        recent.put(account("a", 2));
        assertThat(recent.get("a")).isEqualTo(account("a", 2));
        assertThat(recent.get("b")).isNull();
    }

    @Test
    void evictsTheLeastRecentlyUsedBeyondItsCapacity() {
        RecentAccounts recent = new RecentAccounts(2);
        recent.put(account("a", 1));
        recent.put(account("b", 1));
        recent.get("a");
        recent.put(account("c", 1));
        assertThat(recent.get("b")).isNull();
        assertThat(recent.get("a")).isNotNull();
        assertThat(recent.get("c")).isNotNull();
    }

    @Test
    void capacityZeroHoldsNothingAndClearForgetsEverything() {
        RecentAccounts off = new RecentAccounts(0);
        off.put(account("a", 1));
        assertThat(off.get("a")).isNull();
        RecentAccounts recent = new RecentAccounts(5);
        recent.put(account("a", 1));
        recent.clear();
        assertThat(recent.get("a")).isNull();
    }
}
