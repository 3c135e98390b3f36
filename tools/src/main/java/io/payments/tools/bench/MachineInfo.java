package io.payments.tools.bench;

import java.lang.management.ManagementFactory;

/** The machine a benchmark ran on, printed with its results. */
final class MachineInfo {

    private MachineInfo() {
    }

    static String describe() {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return String.format("%d cores, %.1f GiB memory, %s %s, Java %s (%s)",
                Runtime.getRuntime().availableProcessors(), memory / (1024.0 * 1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.arch"),
                Runtime.version(), System.getProperty("java.vm.name"));
    }
}
