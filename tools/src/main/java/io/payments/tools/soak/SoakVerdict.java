package io.payments.tools.soak;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether each sampled quantity stayed bounded. Remembered ids: once ids start to expire, never
 * more than the load of the time they are kept (the retention plus its grace) brings, with half
 * again for the sweep's pace. The heap's live set and RocksDB's files: at the end no more than
 * twice what they were once ids had started to expire (plus slack for caches and compaction's
 * rhythm). Lag: at the end, under ten seconds of load.
 */
record SoakVerdict(boolean bounded, List<String> lines) {

    private static final long MIB = 1024 * 1024;

    static SoakVerdict of(List<SoakSample> samples, int rate, long keptSeconds, long sampleSeconds) {
        List<String> lines = new ArrayList<>();
        List<SoakSample> settled = samples.stream().filter(s -> s.seconds() >= keptSeconds + 2 * sampleSeconds).toList();
        if (settled.size() < 2) {
            lines.add("Not enough samples after ids start to expire (" + keptSeconds + " s) to judge: run longer.");
            return new SoakVerdict(false, lines);
        }
        SoakSample first = settled.get(0);
        SoakSample last = samples.get(samples.size() - 1);
        boolean ok = true;
        long idLimit = (long) (1.5 * rate * keptSeconds) + 1_000;
        long maxIds = settled.stream().mapToLong(SoakSample::dedupEntries).max().orElse(0);
        ok &= judge(lines, "remembered request ids", maxIds <= idLimit, String.format(
                "at most %,d once ids expire, limit %,d (1.5 × rate × %d s kept + 1,000)", maxIds, idLimit, keptSeconds));
        if (first.oldGenAfterGcBytes() > 0 && last.oldGenAfterGcBytes() > 0) {
            ok &= judge(lines, "heap live set", last.oldGenAfterGcBytes() <= 2 * first.oldGenAfterGcBytes() + 64 * MIB,
                    String.format("%.1f MiB at the end, %.1f MiB once ids started to expire",
                            last.oldGenAfterGcBytes() / (double) MIB, first.oldGenAfterGcBytes() / (double) MIB));
        } else {
            lines.add("heap live set: no old-generation collection happened, so no live-set figure (heap used is shown)");
        }
        ok &= judge(lines, "RocksDB files", last.rocksDbBytes() <= 2 * first.rocksDbBytes() + 64 * MIB, String.format(
                "%.1f MiB at the end, %.1f MiB once ids started to expire", last.rocksDbBytes() / (double) MIB,
                first.rocksDbBytes() / (double) MIB));
        long lagLimit = 10L * rate;
        ok &= judge(lines, "lag", last.processorLag() <= lagLimit && last.sinkLag() <= lagLimit, String.format(
                "processor %,d and sink %,d at the end, limit %,d (ten seconds of load)", last.processorLag(),
                last.sinkLag(), lagLimit));
        return new SoakVerdict(ok, lines);
    }

    private static boolean judge(List<String> lines, String what, boolean bounded, String detail) {
        lines.add(String.format("%-24s %-8s %s", what + ":", bounded ? "bounded" : "GROWING", detail));
        return bounded;
    }
}
