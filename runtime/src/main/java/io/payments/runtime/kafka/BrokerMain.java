package io.payments.runtime.kafka;

/** Main class of the broker's child JVM: {@code format …} formats the storage, anything else runs {@code kafka.Kafka}. */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("format")) {
            kafka.tools.StorageTool.main(args);
        } else {
            kafka.Kafka.main(args);
        }
    }
}
