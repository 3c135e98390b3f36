package io.payments.ledger;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * An amount of money: a whole number of minor units (cents for EUR, yen for JPY) of one ISO 4217
 * currency. Never a floating-point number. Arithmetic refuses mixed currencies and overflow
 * instead of wrapping; decimal strings with more fraction digits than the currency has are refused.
 */
public record Money(long minor, String currency) {

    public Money {
        fractionDigits(currency);
    }

    public static Money of(long minor, String currency) {
        return new Money(minor, currency);
    }

    /** Parses a decimal amount such as "10.50" in the currency's major unit ("10.50" EUR is 1050 minor units). */
    public static Money parse(String decimal, String currency) {
        int digits = fractionDigits(currency);
        BigDecimal value;
        try {
            value = new BigDecimal(decimal.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidMoneyException("amount \"" + decimal + "\" is not a decimal number such as 10.50");
        }
        if (value.stripTrailingZeros().scale() > digits) {
            throw new InvalidMoneyException("amount " + decimal + " has more than " + digits + " fraction digit"
                    + (digits == 1 ? "" : "s") + ", the precision of " + currency);
        }
        try {
            return new Money(value.movePointRight(digits).longValueExact(), currency);
        } catch (ArithmeticException e) {
            throw new InvalidMoneyException("amount " + decimal + " " + currency + " is too large: at most "
                    + BigDecimal.valueOf(Long.MAX_VALUE, digits).toPlainString());
        }
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        try {
            return new Money(Math.addExact(minor, other.minor), currency);
        } catch (ArithmeticException e) {
            throw new InvalidMoneyException(this + " + " + other + " overflows");
        }
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        try {
            return new Money(Math.subtractExact(minor, other.minor), currency);
        } catch (ArithmeticException e) {
            throw new InvalidMoneyException(this + " - " + other + " overflows");
        }
    }

    /** The amount in the currency's major unit, e.g. "-10.50". */
    public String toDecimalString() {
        return BigDecimal.valueOf(minor, fractionDigits(currency)).toPlainString();
    }

    @Override
    public String toString() {
        return toDecimalString() + " " + currency;
    }

    /** Whether the code is an ISO 4217 currency with a minor unit (so not XAU, XDR, ...). */
    public static boolean isSupportedCurrency(String code) {
        if (code == null || code.length() != 3) {
            return false;
        }
        try {
            return Currency.getInstance(code).getDefaultFractionDigits() >= 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Digits after the decimal point in the currency's major unit: 2 for EUR, 0 for JPY, 3 for BHD. */
    public static int fractionDigits(String currency) {
        if (!isSupportedCurrency(currency)) {
            throw new InvalidMoneyException("currency \"" + currency
                    + "\" is not an ISO 4217 currency code with a minor unit, such as EUR, USD or JPY");
        }
        return Currency.getInstance(currency).getDefaultFractionDigits();
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new InvalidMoneyException("cannot combine " + currency + " and " + other.currency);
        }
    }
}
