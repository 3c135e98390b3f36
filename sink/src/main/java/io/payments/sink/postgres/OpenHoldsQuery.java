package io.payments.sink.postgres;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Open holds per currency, as the projection holds them: holds placed and not yet posted, voided
 * or expired ({@code holds.status = 'HELD'}, read through the partial index {@code holds_open} of
 * {@code V6__open_holds.sql}). Every currency that has accounts has a row, open holds or not, so
 * a gauge of it exists from the start.
 */
public final class OpenHoldsQuery {

    /**
     * One currency's open holds.
     *
     * @param count          how many are open, at least 0
     * @param amountMinor    the sum of their held amounts in minor units: at least 0, and past 64 bits
     *                       when accounts together hold more than one account can
     * @param oldestPlacedAt when the processor placed the oldest of them; null when none is open
     */
    public record OpenHolds(String currency, long count, BigInteger amountMinor, Instant oldestPlacedAt) {
    }

    static final String SQL = """
            SELECT c.code, count(h.hold_id), coalesce(sum(h.amount_minor), 0), min(h.placed_at)
            FROM currencies c
            LEFT JOIN holds h ON h.currency = c.code AND h.status = 'HELD'
            WHERE h.hold_id IS NOT NULL OR EXISTS (SELECT 1 FROM accounts a WHERE a.currency = c.code)
            GROUP BY c.code
            ORDER BY c.code""";

    private OpenHoldsQuery() {
    }

    /** One row per currency with accounts or open holds, in code order. */
    public static List<OpenHolds> read(Connection connection) throws SQLException {
        List<OpenHolds> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(SQL); ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                OffsetDateTime oldest = result.getObject(4, OffsetDateTime.class);
                rows.add(new OpenHolds(result.getString(1), result.getLong(2),
                        result.getBigDecimal(3).toBigIntegerExact(), oldest == null ? null : oldest.toInstant()));
            }
        }
        return rows;
    }
}
