package io.payments.schemas.serde;

import org.apache.avro.specific.SpecificData;
import org.apache.avro.util.ClassSecurityValidator;

/** Process-wide Avro settings the serde relies on, applied once before the first record is read. */
final class AvroSettings {

    private static final String RECORD_PACKAGE = "io.payments.avro";
    private static boolean applied;

    private AvroSettings() {
    }

    static synchronized void apply() {
        if (applied) {
            return;
        }
        // Avro otherwise sizes strings, bytes and collections by the length prefix in the data,
        // up to 2 GiB: a few garbage bytes could exhaust the heap. Kafka records are far smaller.
        setDefault("org.apache.avro.limits.string.maxLength", 16 * 1024 * 1024);
        setDefault("org.apache.avro.limits.bytes.maxLength", 16 * 1024 * 1024);
        setDefault("org.apache.avro.limits.collectionItems.maxLength", 1024 * 1024);
        // Avro 1.12 loads a union branch's generated class by name only from trusted packages.
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                type -> type.getPackageName().equals(RECORD_PACKAGE)));
        // The generated classes carry hand-written encoders and decoders; Avro uses them only when told.
        SpecificData.get().setCustomCoders(true);
        applied = true;
    }

    /** The data model every reader and writer of the serde uses (not each generated class's own). */
    static SpecificData model() {
        apply();
        return SpecificData.get();
    }

    private static void setDefault(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
