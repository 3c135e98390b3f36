package io.payments.runtime.kafka;

/**
 * Main class of the broker's child JVM: runs {@code kafka.Kafka} and halts the broker when the
 * parent process is gone, so a parent killed with SIGKILL leaves no broker behind.
 * Arguments: the parent's pid, then Kafka's own arguments.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        long parentPid = Long.parseLong(args[0]);
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)),
                () -> Runtime.getRuntime().halt(3));
        String[] kafkaArgs = java.util.Arrays.copyOfRange(args, 1, args.length);
        if (kafkaArgs.length > 0 && kafkaArgs[0].equals("format")) {
            kafka.tools.StorageTool.main(kafkaArgs);
        } else {
            kafka.Kafka.main(kafkaArgs);
        }
    }
}
