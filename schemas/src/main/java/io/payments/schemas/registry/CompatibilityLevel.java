package io.payments.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Compatibility levels of the Confluent Schema Registry, checked with Avro's own
 * {@link SchemaCompatibility}. BACKWARD: a reader with the new schema reads data written with
 * the previous one; FORWARD: the reverse; FULL: both. TRANSITIVE variants check every earlier
 * version instead of only the latest.
 */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    /** Earlier versions, oldest first; returns a description of the first incompatibility, or null. */
    public String firstIncompatibility(Schema candidate, List<Schema> earlier) {
        if (this == NONE || earlier.isEmpty()) {
            return null;
        }
        List<Schema> toCheck = name().endsWith("TRANSITIVE") ? earlier : List.of(earlier.get(earlier.size() - 1));
        boolean backward = this != FORWARD && this != FORWARD_TRANSITIVE;
        boolean forward = this != BACKWARD && this != BACKWARD_TRANSITIVE;
        for (Schema previous : toCheck) {
            if (backward) {
                String problem = problem(candidate, previous, "a reader with the new schema cannot read data written with an earlier one");
                if (problem != null) {
                    return problem;
                }
            }
            if (forward) {
                String problem = problem(previous, candidate, "a reader with an earlier schema cannot read data written with the new one");
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static String problem(Schema reader, Schema writer, String what) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
            return null;
        }
        StringBuilder detail = new StringBuilder(what);
        for (var incompatibility : result.getIncompatibilities()) {
            detail.append("; ").append(incompatibility.getType())
                  .append(" at ").append(incompatibility.getLocation())
                  .append(": ").append(incompatibility.getMessage());
        }
        return detail.toString();
    }
}
