package io.payments.processor.store;

import io.payments.processor.topology.LedgerTopology;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * RocksDB settings for the processor's stores, from profiles of the stream thread; everything else
 * keeps Kafka Streams' defaults.
 * <ul>
 *   <li>Every transfer looks up a request id that is almost always new, and those misses searched
 *   the whole memtable skip list: a bloom filter over the memtable's whole keys answers most of
 *   them without the search.</li>
 *   <li>Every leg rewrites an account, and each write inserted one more version of it into the
 *   memtable, so the skip list grew with every write. Updating in place keeps one entry per
 *   account there. RocksDB allows it only without concurrent memtable writes, which a store
 *   written by one stream thread does not use.</li>
 * </ul>
 */
public final class LedgerRocksDbConfig implements RocksDBConfigSetter {

    /** Bits of memtable bloom filter per byte of write buffer, as RocksDB counts it. */
    private static final double MEMTABLE_BLOOM_RATIO = 0.05;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        options.setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO);
        options.setMemtableWholeKeyFiltering(true);
        if (LedgerTopology.ACCOUNTS_STORE.equals(storeName)) {
            options.setAllowConcurrentMemtableWrite(false);
            options.setInplaceUpdateSupport(true);
        }
    }

    @Override
    public void close(String storeName, Options options) {
        // Nothing allocated here.
    }
}
