package io.payments.sink.postgres;

import java.sql.PreparedStatement;
import java.util.Currency;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** Fills {@code currencies} with every ISO 4217 currency the JDK knows that has a minor unit. */
public class V2__Currencies extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        try (PreparedStatement insert = context.getConnection().prepareStatement(
                "INSERT INTO currencies (code, fraction_digits) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (Currency currency : Currency.getAvailableCurrencies()) {
                if (currency.getDefaultFractionDigits() >= 0) {
                    insert.setString(1, currency.getCurrencyCode());
                    insert.setShort(2, (short) currency.getDefaultFractionDigits());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }
}
