package io.payments.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void parsesDecimalStringsByTheCurrencysFractionDigits() {
        assertThat(Money.parse("10.50", "EUR")).isEqualTo(Money.of(1050, "EUR"));
        assertThat(Money.parse("10.5", "EUR").minor()).isEqualTo(1050);
        assertThat(Money.parse("1000", "JPY").minor()).isEqualTo(1000);
        assertThat(Money.parse("1.234", "BHD").minor()).isEqualTo(1234);
        assertThat(Money.parse("-0.01", "USD").minor()).isEqualTo(-1);
        assertThat(Money.parse("2.500", "EUR").minor()).isEqualTo(250);
    }

    @Test
    void refusesExcessPrecision() {
        assertThatThrownBy(() -> Money.parse("10.505", "EUR"))
                .isInstanceOf(InvalidMoneyException.class)
                .hasMessage("amount 10.505 has more than 2 fraction digits, the precision of EUR");
        assertThatThrownBy(() -> Money.parse("1.5", "JPY"))
                .hasMessage("amount 1.5 has more than 0 fraction digits, the precision of JPY");
    }

    @Test
    void refusesAmountsBeyondSixtyFourBits() {
        assertThat(Money.parse("92233720368547758.07", "EUR").minor()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> Money.parse("92233720368547758.08", "EUR"))
                .hasMessageContaining("is too large: at most 92233720368547758.07");
    }

    @Test
    void refusesUnknownCurrenciesAndOnesWithoutAMinorUnit() {
        assertThatThrownBy(() -> Money.of(1, "EURO")).hasMessageContaining("\"EURO\" is not an ISO 4217 currency");
        assertThatThrownBy(() -> Money.of(1, "XAU")).hasMessageContaining("\"XAU\"");
        assertThatThrownBy(() -> Money.of(1, null)).isInstanceOf(InvalidMoneyException.class);
        assertThatThrownBy(() -> Money.parse("ten", "EUR")).hasMessageContaining("is not a decimal number");
    }

    @Test
    void arithmeticChecksOverflowAndCurrency() {
        assertThat(Money.of(5, "EUR").plus(Money.of(7, "EUR"))).isEqualTo(Money.of(12, "EUR"));
        assertThat(Money.of(5, "EUR").minus(Money.of(7, "EUR"))).isEqualTo(Money.of(-2, "EUR"));
        assertThatThrownBy(() -> Money.of(Long.MAX_VALUE, "EUR").plus(Money.of(1, "EUR"))).hasMessageContaining("overflows");
        assertThatThrownBy(() -> Money.of(Long.MIN_VALUE, "EUR").minus(Money.of(1, "EUR"))).hasMessageContaining("overflows");
        assertThatThrownBy(() -> Money.of(1, "EUR").plus(Money.of(1, "USD"))).hasMessage("cannot combine EUR and USD");
    }

    @Test
    void printsInTheMajorUnit() {
        assertThat(Money.of(-1050, "EUR")).hasToString("-10.50 EUR");
        assertThat(Money.of(7, "JPY").toDecimalString()).isEqualTo("7");
        assertThat(Money.of(5, "BHD").toDecimalString()).isEqualTo("0.005");
    }
}
