package io.payments.processor.topology;

import io.payments.ledger.Account;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The task's most recently used accounts, in front of its accounts store. Every leg reads an
 * account and writes it back; profiles showed the read searching RocksDB's memtable for a key just
 * written. Writes still go to the store (and its changelog) first; this only saves the read. It
 * holds nothing the store does not: the processor empties it whenever Kafka Streams (re)initialises
 * the task, which it does after any rollback of the store (a dirty close, an aborted transaction).
 */
final class RecentAccounts {

    private final int capacity;
    private final Map<String, Account> accounts;

    RecentAccounts(int capacity) {
        this.capacity = capacity;
        this.accounts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Account> eldest) {
                return size() > RecentAccounts.this.capacity;
            }
        };
    }

    /** The account, or null if it is not held. */
    Account get(String id) {
        return capacity == 0 ? null : accounts.get(id);
    }

    void put(Account account) {
        if (capacity > 0) {
            accounts.put(account.id(), account);
        }
    }

    void clear() {
        accounts.clear();
    }
}
