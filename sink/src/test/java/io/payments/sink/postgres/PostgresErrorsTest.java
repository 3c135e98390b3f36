package io.payments.sink.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.payments.schemas.failure.FailureClass;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The failure class of each SQLSTATE the "Failure classes" table of docs/failures.md names, wrapped as the sink meets them. */
class PostgresErrorsTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "08006, TRANSIENT", "40001, TRANSIENT", "40P01, TRANSIENT", "53300, TRANSIENT", "55P03, TRANSIENT",
            "57014, TRANSIENT", "25P03, TRANSIENT", "57P01, TRANSIENT", "57P03, TRANSIENT",
            "22P05, RECORD", "22008, RECORD", "23502, RECORD",
            "23001, BUG", "23514, BUG", "23505, BUG", "42501, BUG", "42P01, BUG", "XX000, BUG"})
    void classifiesBySqlState(String sqlState, FailureClass expected) {
        SQLException refused = new SQLException("refused", sqlState);

        assertThat(PostgresErrors.classify(new IllegalStateException("writing rows", refused))).isEqualTo(expected);
    }
}
