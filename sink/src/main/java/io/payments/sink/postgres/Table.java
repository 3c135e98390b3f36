package io.payments.sink.postgres;

import io.payments.sink.postgres.Column.Role;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A table the sink writes, described once by its columns; its one statement is derived from them.
 * The statement takes a whole batch in one round trip: each column's values are bound as one array
 * and the arrays expanded into rows with {@code unnest}, as Debezium's JDBC sink does
 * ({@code UnnestRecordWriter}), so a transaction costs one statement per table however many rows.
 * Every form is idempotent: replaying a batch changes nothing.
 */
final class Table<R> {

    private final String name;
    private final List<Column<R>> columns;
    private final List<Column<R>> bound;
    private final String sql;

    private Table(String name, List<Column<R>> columns, String sql) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.bound = columns.stream().filter(Column::bound).toList();
        this.sql = sql;
    }

    /** Rows inserted once: {@code ON CONFLICT DO NOTHING}, so a row already there (a replay) stays as it is. */
    static <R> Table<R> insertOnce(String name, List<Column<R>> columns) {
        return new Table<>(name, columns, insert(name, columns) + "\nON CONFLICT DO NOTHING");
    }

    /**
     * Rows inserted, or moved forward where they exist: on a conflict on the {@link Role#KEY} columns,
     * the {@link Role#UPDATED} columns take the new values, but only where {@code forward} holds
     * (a condition on the stored row, named by the table, and the proposed one, {@code EXCLUDED}).
     */
    static <R> Table<R> upsertForward(String name, String forward, List<Column<R>> columns) {
        require(!names(columns, Role.KEY).isEmpty() && !names(columns, Role.UPDATED).isEmpty(), name,
                "an upsert needs key and updated columns");
        String set = names(columns, Role.UPDATED).stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
        return new Table<>(name, columns, insert(name, columns)
                + "\nON CONFLICT (" + String.join(", ", names(columns, Role.KEY)) + ") DO UPDATE SET " + set
                + "\nWHERE " + forward);
    }

    /**
     * Rows already there updated by compare-and-set: a row's {@link Role#UPDATED} columns take the
     * new values only where its {@code compared} column still holds the {@link Role#EXPECTED} value.
     * {@link #write} returns how many rows matched.
     */
    static <R> Table<R> compareAndSet(String name, String compared, List<Column<R>> columns) {
        require(names(columns, Role.EXPECTED).size() == 1 && !names(columns, Role.KEY).isEmpty(), name,
                "a compare-and-set needs key columns and one expected value");
        String set = columns.stream().filter(c -> c.role() == Role.UPDATED).map(c -> c.name() + " = " + c.select("v."))
                .collect(Collectors.joining(", "));
        String match = names(columns, Role.KEY).stream().map(c -> "t." + c + " = v." + c)
                .collect(Collectors.joining(" AND "));
        return new Table<>(name, columns, "UPDATE " + name + " t SET " + set
                + "\nFROM " + unnest(columns)
                + "\nWHERE " + match + " AND t." + compared + " = v." + names(columns, Role.EXPECTED).get(0));
    }

    /** The table's name in the schema. */
    String name() {
        return name;
    }

    /** The columns as described, the {@link Role#EXPECTED} one of a compare-and-set included (it is not stored). */
    List<Column<R>> columns() {
        return columns;
    }

    /**
     * The stored columns whose values come from the records, in the description's order: a replay
     * of the same records gives them the same values (the times a row was written are left out).
     */
    List<String> recordColumns() {
        return bound.stream().filter(c -> c.role() != Role.EXPECTED).map(Column::name).toList();
    }

    /** The statement, with one array parameter per bound column in the columns' order. */
    String sql() {
        return sql;
    }

    /**
     * Writes the rows in one statement, in their order (which is the order rows are locked in); no
     * statement for no rows.
     *
     * @return the rows inserted or updated
     * @throws SQLException what PostgreSQL answered
     */
    int write(Connection connection, List<? extends R> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        List<Array> arrays = new ArrayList<>(bound.size());
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < bound.size(); i++) {
                Column<R> column = bound.get(i);
                Object[] values = new Object[rows.size()];
                for (int row = 0; row < values.length; row++) {
                    values[row] = column.value().apply(rows.get(row));
                }
                Array array = connection.createArrayOf(column.boundType(), values);
                arrays.add(array);
                statement.setArray(i + 1, array);
            }
            return statement.executeUpdate();
        } finally {
            for (Array array : arrays) {
                array.free();
            }
        }
    }

    private static <R> String insert(String name, List<Column<R>> columns) {
        require(columns.stream().noneMatch(c -> c.role() == Role.EXPECTED), name, "an insert stores every column");
        return "INSERT INTO " + name + " (" + columns.stream().map(Column::name).collect(Collectors.joining(", ")) + ")"
                + "\nSELECT " + columns.stream().map(c -> c.select("")).collect(Collectors.joining(", "))
                + "\nFROM " + unnest(columns);
    }

    /** {@code unnest(?::type[], …) AS v(column, …)} over the bound columns. */
    private static <R> String unnest(List<Column<R>> columns) {
        List<Column<R>> bound = columns.stream().filter(Column::bound).toList();
        return "unnest(" + bound.stream().map(c -> "?::" + c.boundType() + "[]").collect(Collectors.joining(", ")) + ")"
                + " AS v(" + bound.stream().map(Column::name).collect(Collectors.joining(", ")) + ")";
    }

    private static <R> List<String> names(List<Column<R>> columns, Role role) {
        return columns.stream().filter(c -> c.role() == role).map(Column::name).toList();
    }

    private static void require(boolean condition, String table, String rule) {
        if (!condition) {
            throw new IllegalArgumentException(table + ": " + rule);
        }
    }
}
