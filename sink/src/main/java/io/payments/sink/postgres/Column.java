package io.payments.sink.postgres;

import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * One column of a table the sink writes: its name, its type in the table, the PostgreSQL type its
 * values travel as (the batch's values of a column are bound as one array of that type), where a
 * row's value comes from, and its part in the statement ({@link Role}).
 *
 * @param sqlType   the column's type in the table, as PostgreSQL names it ({@code pg_type.typname}:
 *                  {@code text}, {@code int4}, {@code int8}, {@code timestamptz})
 * @param boundType the element type of the array its values are bound as; null when nothing is bound
 * @param value     a row's value, or null for a column the database fills ({@link #writeTime})
 * @param template  the SELECT expression, {@code %s} standing for the array's column
 */
record Column<R>(String name, String sqlType, String boundType, Function<? super R, ?> value, String template,
                 Role role) {

    /** What a column does in its table's statement. */
    enum Role {
        /** Part of the primary key: what a conflict or a compare-and-set matches on. */
        KEY,
        /** Written with a new row, left alone when the row is there already. */
        INSERTED,
        /** Written with a new row, and moved forward when the row is there already. */
        UPDATED,
        /** Not stored: the value a compare-and-set expects the stored row to hold. */
        EXPECTED
    }

    static <R> Column<R> text(String name, Function<? super R, String> value) {
        return new Column<>(name, "text", "text", value, "%s", Role.INSERTED);
    }

    static <R> Column<R> int4(String name, ToIntFunction<? super R> value) {
        return new Column<>(name, "int4", "int4", value::applyAsInt, "%s", Role.INSERTED);
    }

    static <R> Column<R> int8(String name, ToLongFunction<? super R> value) {
        return new Column<>(name, "int8", "int8", value::applyAsLong, "%s", Role.INSERTED);
    }

    /** A {@code timestamptz} from milliseconds since the Unix epoch, as the records carry time. */
    static <R> Column<R> epochMillis(String name, ToLongFunction<? super R> value) {
        return new Column<>(name, "timestamptz", "int8", value::applyAsLong, "to_timestamp(%s / 1000.0)", Role.INSERTED);
    }

    /** A {@code timestamptz} PostgreSQL fills with the time of the write; nothing is bound for it. */
    static <R> Column<R> writeTime(String name) {
        return new Column<>(name, "timestamptz", null, null, "clock_timestamp()", Role.INSERTED);
    }

    Column<R> key() {
        return as(Role.KEY);
    }

    Column<R> updated() {
        return as(Role.UPDATED);
    }

    Column<R> expected() {
        return as(Role.EXPECTED);
    }

    /** Whether the column's values are bound as an array parameter. */
    boolean bound() {
        return value != null;
    }

    /** The SELECT expression reading this column from the arrays, whose columns the alias prefixes ("" or "v."). */
    String select(String alias) {
        return template.formatted(alias + name);
    }

    private Column<R> as(Role role) {
        return new Column<>(name, sqlType, boundType, value, template, role);
    }
}
