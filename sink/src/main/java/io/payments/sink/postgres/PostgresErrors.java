package io.payments.sink.postgres;

import io.payments.schemas.failure.Causes;
import io.payments.schemas.failure.FailureClass;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Which failure class a PostgreSQL error belongs to, by its SQLSTATE (PostgreSQL documentation,
 * Appendix A, "PostgreSQL Error Codes"):
 * <ul>
 *   <li>transient: 08 (connection exception), 40001 (serialization failure), 40P01 (deadlock),
 *       53 (insufficient resources), 55P03 (lock not available), 57014 (statement timeout or
 *       cancel), 25P03 (idle-in-transaction timeout), 57P0x (operator intervention: shutdown,
 *       crash, cannot connect now), and the driver's own transient and recoverable
 *       exceptions (a pool timeout, a broken connection);</li>
 *   <li>the record's fault: 22 (data exception: a value the column cannot hold) and 23502 (a
 *       null where the row needs a value);</li>
 *   <li>a bug: everything else, 23001 (the append-only trigger), 23514 (a CHECK), 42 (syntax or
 *       permission) and XX (internal) among them.</li>
 * </ul>
 */
public final class PostgresErrors {

    private PostgresErrors() {
    }

    /** The class of a failure by the first PostgreSQL error in its cause chain; without one, a bug. */
    public static FailureClass classify(Throwable failure) {
        SQLException sql = sqlException(failure);
        if (sql == null) {
            return FailureClass.BUG;
        }
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        if (state.startsWith("08") || state.equals("40001") || state.equals("40P01") || state.startsWith("53")
                || state.equals("55P03") || state.equals("57014") || state.equals("25P03") || state.startsWith("57P0")
                || sql instanceof SQLTransientException || sql instanceof SQLRecoverableException) {
            return FailureClass.TRANSIENT;
        }
        if (state.startsWith("22") || state.equals("23502")) {
            return FailureClass.RECORD;
        }
        return FailureClass.BUG;
    }

    /** The SQLSTATE and message of the PostgreSQL error behind a failure, for one log line. */
    public static String describe(Throwable failure) {
        SQLException sql = sqlException(failure);
        if (sql == null) {
            return failure.getClass().getSimpleName() + ": " + failure.getMessage();
        }
        String message = sql.getMessage() == null ? "" : sql.getMessage().lines().findFirst().orElse("");
        return "SQLSTATE " + sql.getSQLState() + ": " + message;
    }


    private static SQLException sqlException(Throwable failure) {
        return Causes.find(failure, SQLException.class).orElse(null);
    }

}
