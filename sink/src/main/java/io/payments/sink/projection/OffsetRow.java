package io.payments.sink.projection;

/** A move of a {@code sink_offsets} row: from the next offset this sink expects there to the next one after its batch. */
public record OffsetRow(String topic, int partition, long expected, long next) {
}
