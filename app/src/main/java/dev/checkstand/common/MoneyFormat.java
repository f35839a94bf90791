package dev.checkstand.common;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/**
 * Money as people read it, from minor units: {@code gbp 1499} is £14.99, {@code jpy 1499} is ¥1,499 (zero-decimal
 * currencies, as Stripe counts them). The one place money is turned into text, for emails and pages.
 */
public final class MoneyFormat {

    private MoneyFormat() {
    }

    /** The amount with its currency's symbol, in English number format: £14.99, ¥1,499, €1,234.50, -£5.00. */
    public static String format(Money money) {
        int digits = Currencies.minorDigits(money.currency());
        BigDecimal major = BigDecimal.valueOf(money.amount(), digits);
        Currency currency;
        try {
            currency = Currency.getInstance(money.currency().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknownToJava) {
            NumberFormat plain = NumberFormat.getNumberInstance(Locale.ENGLISH);
            plain.setMinimumFractionDigits(digits);
            plain.setMaximumFractionDigits(digits);
            return plain.format(major) + " " + money.currency().toUpperCase(Locale.ROOT);
        }
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.ENGLISH);
        format.setCurrency(currency);
        // Stripe's minor units, not Java's: they differ for a few currencies (Stripe counts huf and isk in cents).
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(major);
    }
}
