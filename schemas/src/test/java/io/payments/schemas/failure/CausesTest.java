package io.payments.schemas.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class CausesTest {

    private final SQLException driver = new SQLException("connection refused", "08001");
    private final RuntimeException pool = new RuntimeException(null, new IllegalStateException("pool timed out", driver));

    @Test
    void walksFromTheFailureToItsInnermostCause() {
        assertThat(Causes.chain(pool)).hasSize(3).startsWith(pool).endsWith(driver);
        assertThat(Causes.root(pool)).isSameAs(driver);
        assertThat(Causes.root(driver)).isSameAs(driver);
    }

    @Test
    void findsTheOutermostOfAType() {
        assertThat(Causes.find(pool, SQLException.class)).containsSame(driver);
        assertThat(Causes.find(pool, IOException.class)).isEmpty();
    }

    @Test
    void picksTheInnermostOrOutermostMessage() {
        assertThat(Causes.innermostMessage(pool)).contains("connection refused");
        assertThat(Causes.outermostMessage(pool)).isEqualTo("pool timed out");
        assertThat(Causes.innermostMessage(new RuntimeException((String) null))).isEmpty();
        assertThat(Causes.outermostMessage(new IllegalStateException((String) null))).isEqualTo("IllegalStateException");
    }
}
