package io.payments.reconcile.audit;

import io.payments.reconcile.spill.SpillStore;
import java.util.Arrays;

/** Reads one type of group from the spill store in key order, telling a visitor where each group starts and ends. */
final class GroupScan {

    interface Visitor {
        void start(byte[] group);

        void fact(byte kind, byte[] key, byte[] value);

        void end();
    }

    private GroupScan() {
    }

    static void scan(SpillStore store, byte type, Visitor visitor) {
        byte[][] current = {null};
        store.scan(new byte[] {type}, (key, value) -> {
            int length = FactKeys.groupLength(key);
            if (current[0] == null || !Arrays.equals(current[0], 0, current[0].length, key, 0, length)) {
                if (current[0] != null) {
                    visitor.end();
                }
                current[0] = Arrays.copyOf(key, length);
                visitor.start(current[0]);
            }
            visitor.fact(key[length], key, value);
        });
        if (current[0] != null) {
            visitor.end();
        }
    }
}
