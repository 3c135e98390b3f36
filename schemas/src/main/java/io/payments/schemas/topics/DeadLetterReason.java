package io.payments.schemas.topics;

/**
 * Why the processor dead-lettered a record other than for its bytes (those are the
 * {@code DecodeFailure} names): the values of the {@link DeadLetterHeaders#REASON} header besides
 * those, and of the {@code reason} tag of {@code payments_dead_letters_total}.
 */
public enum DeadLetterReason {
    /** A record without a value: a tombstone is not a command. */
    NULL_VALUE,
    /** A credits-topic record on another partition than its key's. */
    WRONG_PARTITION,
    /** A leg not signed with the processor's leg key: written by someone else. */
    FORGED_LEG,
    /** A signed leg the task has already applied or refused: a copy. */
    REPLAYED_LEG,
    /** A record type that does not belong on its topic. */
    UNEXPECTED_RECORD_TYPE,
    /** A deserialization failure that is no wire-format failure. */
    UNDECODABLE;

    /** Whether a dead letter's reason header says someone other than the processor wrote the leg to payments.credits. */
    public static boolean foreignLeg(String reasonHeader) {
        return FORGED_LEG.name().equals(reasonHeader) || REPLAYED_LEG.name().equals(reasonHeader);
    }
}
