package dev.checkstand.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MoneyFormatTests {

    @Test
    void twoDecimalCurrenciesShowTheirMinorUnitsAsCents() {
        assertThat(MoneyFormat.format(Money.of(1499, "gbp"))).isEqualTo("£14.99");
        assertThat(MoneyFormat.format(Money.of(5, "usd"))).isEqualTo("$0.05");
        assertThat(MoneyFormat.format(Money.of(123450, "eur"))).isEqualTo("€1,234.50");
    }

    @Test
    void zeroDecimalCurrenciesShowWholeUnits() {
        assertThat(MoneyFormat.format(Money.of(1499, "jpy"))).isEqualTo("¥1,499");
        assertThat(MoneyFormat.format(Money.of(50000, "krw"))).isEqualTo("₩50,000");
    }

    @Test
    void threeDecimalCurrenciesShowThousandths() {
        assertThat(MoneyFormat.format(Money.of(1500, "kwd"))).isEqualTo("KWD1.500");
    }

    @Test
    void stripesMinorUnitsWinWhereJavaCountsOtherwise() {
        assertThat(MoneyFormat.format(Money.of(1499, "huf"))).isEqualTo("HUF14.99");
    }

    @Test
    void aCurrencyJavaDoesNotKnowIsShownWithItsCode() {
        assertThat(MoneyFormat.format(Money.of(1499, "xyz"))).isEqualTo("14.99 XYZ");
    }

    @Test
    void negativeAmountsKeepTheirSymbol() {
        assertThat(MoneyFormat.format(Money.of(-500, "gbp"))).isEqualTo("-£5.00");
    }
}
