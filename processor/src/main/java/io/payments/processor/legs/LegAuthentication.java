package io.payments.processor.legs;

import java.util.Map;

/**
 * How the processor knows the legs it reads on payments.credits are its own: their signatures
 * ({@link LegSignature}), and, for the upgrade from a release that did not sign legs, the offset
 * on each partition of payments.credits below which unsigned legs were already there.
 *
 * @param unsignedBelow per partition of payments.credits, the end offset when this processor
 *                      first started signing: unsigned legs below it are accepted (a task records
 *                      its own once, at its first start, in its state)
 */
public record LegAuthentication(LegSignature signature, Map<Integer, Long> unsignedBelow) {

    public LegAuthentication {
        unsignedBelow = Map.copyOf(unsignedBelow);
    }

    public static LegAuthentication of(LegKeys keys, Map<Integer, Long> unsignedBelow) {
        return new LegAuthentication(new LegSignature(keys), unsignedBelow);
    }

    /** Where unsigned legs stop being accepted on a partition: at its end offset when signing began, 0 if unknown. */
    public long unsignedBelow(int partition) {
        return unsignedBelow.getOrDefault(partition, 0L);
    }
}
