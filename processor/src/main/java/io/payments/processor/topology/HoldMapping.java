package io.payments.processor.topology;

import io.payments.avro.HoldState;
import io.payments.avro.HoldStatus;
import io.payments.avro.PlaceHold;
import io.payments.avro.PostHold;
import io.payments.avro.RequestState;
import io.payments.avro.RequestType;
import io.payments.avro.TransferStatus;
import io.payments.avro.VoidHold;
import io.payments.ledger.Command;
import io.payments.ledger.Hold;

/**
 * Converts the hold commands and the holds the requests store keeps between their Avro records and
 * the ledger's types. A hold is kept with the request that placed it ({@link RequestState#getHold}),
 * so the id that names it and the hold itself are remembered, and forgotten, together.
 */
final class HoldMapping {

    private HoldMapping() {
    }

    static Command.PlaceHold placeHold(PlaceHold command) {
        return new Command.PlaceHold(command.getHoldId(), command.getSourceAccountId(), command.getDestinationAccountId(),
                command.getAmountMinor(), command.getCurrency(), command.getTimeoutSeconds(), command.getMetadata());
    }

    static Command.PostHold postHold(PostHold command) {
        return new Command.PostHold(command.getPostId(), command.getSourceAccountId(), command.getHoldId(),
                command.getAmountMinor());
    }

    static Command.VoidHold voidHold(VoidHold command) {
        return new Command.VoidHold(command.getVoidId(), command.getSourceAccountId(), command.getHoldId());
    }

    /** What the requests store remembers of a PlaceHold: COMPLETED (its result is HELD), until a decision says otherwise. */
    static RequestState requestState(PlaceHold command, long requestedAt, long firstSeenAt) {
        RequestState state = state(RequestType.PLACE_HOLD, command.getHoldId(), command.getSourceAccountId(),
                command.getAmountMinor(), command.getCurrency(), requestedAt, firstSeenAt);
        state.setDestinationAccountId(command.getDestinationAccountId());
        state.setMetadata(command.getMetadata());
        state.setTimeoutSeconds(command.getTimeoutSeconds());
        return state;
    }

    /**
     * What the requests store remembers of a PostHold: DEBITED until its credit is decided; the
     * destination, amount, currency and metadata are the hold's, filled in when it is posted.
     */
    static RequestState requestState(PostHold command, long requestedAt, long firstSeenAt) {
        RequestState state = namingHold(RequestType.POST_HOLD, command.getPostId(), command.getSourceAccountId(),
                command.getHoldId(), requestedAt, firstSeenAt);
        state.setStatus(TransferStatus.DEBITED);
        state.setRequestedAmountMinor(command.getAmountMinor());
        return state;
    }

    /** What the requests store remembers of a VoidHold: COMPLETED; the amount and currency are the hold's. */
    static RequestState requestState(VoidHold command, long requestedAt, long firstSeenAt) {
        return namingHold(RequestType.VOID_HOLD, command.getVoidId(), command.getSourceAccountId(), command.getHoldId(),
                requestedAt, firstSeenAt);
    }

    /** A post's or void's state before its hold is found: no amount, no currency yet. */
    private static RequestState namingHold(RequestType type, String id, String source, String holdId, long requestedAt,
                                           long firstSeenAt) {
        RequestState state = state(type, id, source, 0, "", requestedAt, firstSeenAt);
        state.setHoldId(holdId);
        return state;
    }

    private static RequestState state(RequestType type, String id, String source, long amount, String currency,
                                      long requestedAt, long firstSeenAt) {
        return RequestState.newBuilder().setRequestType(type).setRequestId(id).setSourceAccountId(source)
                .setAmountMinor(amount).setCurrency(currency).setRequestedAt(requestedAt).setFirstSeenAt(firstSeenAt)
                .setStatus(TransferStatus.COMPLETED).build();
    }

    /** A remembered hold request as the ledger compares retries with it. */
    static Command.Request request(RequestState state) {
        return switch (state.getRequestType()) {
            case PLACE_HOLD -> new Command.PlaceHold(state.getRequestId(), state.getSourceAccountId(),
                    state.getDestinationAccountId(), state.getAmountMinor(), state.getCurrency(), state.getTimeoutSeconds(),
                    state.getMetadata());
            case POST_HOLD -> new Command.PostHold(state.getRequestId(), state.getSourceAccountId(), state.getHoldId(),
                    state.getRequestedAmountMinor());
            case VOID_HOLD -> new Command.VoidHold(state.getRequestId(), state.getSourceAccountId(), state.getHoldId());
            default -> throw new IllegalArgumentException(state.getRequestType() + " is not a hold request");
        };
    }

    /** A rejected hold request's fields, replaced by the ledger's echo of them ({@link AvroMapping#reject}). */
    static void echo(RequestState state, Command.Request echoed) {
        if (echoed instanceof Command.PlaceHold hold) {
            state.setDestinationAccountId(hold.destinationAccountId());
            state.setCurrency(hold.currency());
            state.setMetadata(state.getMetadata() == null ? null : hold.metadata());
        } else if (echoed instanceof Command.PostHold post) {
            state.setHoldId(post.holdId());
        } else if (echoed instanceof Command.VoidHold voided) {
            state.setHoldId(voided.holdId());
        }
    }

    /** The hold a request state keeps, or null when it keeps none (not a placed hold, or none remembered). */
    static Hold hold(RequestState state) {
        if (state == null || state.getHold() == null) {
            return null;
        }
        HoldState hold = state.getHold();
        return new Hold(state.getRequestId(), state.getSourceAccountId(), state.getDestinationAccountId(),
                state.getAmountMinor(), state.getCurrency(), hold.getDeadline(), Hold.Status.valueOf(hold.getStatus().name()),
                hold.getPostedAmountMinor(), state.getMetadata());
    }

    static HoldState holdState(Hold hold) {
        return new HoldState(hold.deadline(), HoldStatus.valueOf(hold.status().name()), hold.postedAmount());
    }

    /** Whether the state keeps an open hold, which the id retention must not forget. */
    static boolean openHold(RequestState state) {
        return state.getHold() != null && state.getHold().getStatus() == HoldStatus.HELD;
    }
}
