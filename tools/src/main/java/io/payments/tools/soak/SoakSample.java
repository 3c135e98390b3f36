package io.payments.tools.soak;

/** What a soak run samples each interval. */
record SoakSample(long seconds, long sent, long oldGenAfterGcBytes, long heapUsedBytes, long rocksDbBytes,
                  long dedupEntries, long processorLag, long sinkLag) {

    static String header() {
        return String.format("%8s %12s %14s %12s %12s %14s %13s %10s", "time", "sent", "old gen (GC)", "heap used",
                "RocksDB", "dedup entries", "proc. lag", "sink lag");
    }

    String row() {
        return String.format("%7ds %,12d %11.1f MiB %8.1f MiB %8.1f MiB %,14d %,13d %,10d", seconds, sent,
                mib(oldGenAfterGcBytes), mib(heapUsedBytes), mib(rocksDbBytes), dedupEntries, processorLag, sinkLag);
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
