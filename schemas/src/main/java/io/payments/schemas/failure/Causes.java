package io.payments.schemas.failure;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one walk down a failure's cause chain. Kafka Streams, HikariCP, Flyway and picocli wrap
 * what really went wrong; the services classify and report the failure by what is inside.
 */
public final class Causes {

    private Causes() {
    }

    /** The failure, then its cause, and so on to the innermost. */
    public static Stream<Throwable> chain(Throwable failure) {
        return Stream.iterate(failure, Objects::nonNull, Throwable::getCause);
    }

    /** The innermost cause (the failure itself when it has none). */
    public static Throwable root(Throwable failure) {
        return chain(failure).reduce((outer, inner) -> inner).orElseThrow();
    }

    /** The outermost failure in the chain of that type, if any. */
    public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        return chain(failure).filter(type::isInstance).map(type::cast).findFirst();
    }

    /** The innermost message in the chain: the one written for users, under the wrappers' own. */
    public static Optional<String> innermostMessage(Throwable failure) {
        return chain(failure).map(Throwable::getMessage).filter(Objects::nonNull).reduce((outer, inner) -> inner);
    }

    /** The outermost message in the chain, or the failure's type when no cause has one. */
    public static String outermostMessage(Throwable failure) {
        return chain(failure).map(Throwable::getMessage).filter(Objects::nonNull).findFirst()
                .orElse(root(failure).getClass().getSimpleName());
    }
}
