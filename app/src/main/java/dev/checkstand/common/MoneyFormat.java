package dev.checkstand.common;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Money as people read it, from minor units: {@code gbp 1499} is £14.99, {@code jpy 1499} is ¥1,499 (zero-decimal
 * currencies, as Stripe counts them). The one place money is turned into text, for emails and pages.
 * <p>
 * A currency's format is built once and copied for each use ({@link NumberFormat} is not thread-safe): building one
 * looks up the locale's data, which cost a paid order's confirmation email more than the rest of its amounts' text.
 */
public final class MoneyFormat {

    // By currency as written in Money; at most one per three-letter code.
    private static final Map<String, Prototype> FORMATS = new ConcurrentHashMap<>();

    private MoneyFormat() {
    }

    /** The amount with its currency's symbol, in English number format: £14.99, ¥1,499, €1,234.50, -£5.00. */
    public static String format(Money money) {
        BigDecimal major = BigDecimal.valueOf(money.amount(), Currencies.minorDigits(money.currency()));
        Prototype prototype = FORMATS.computeIfAbsent(money.currency(), Prototype::of);
        String text = ((NumberFormat) prototype.format().clone()).format(major);
        return prototype.codeAfter() == null ? text : text + " " + prototype.codeAfter();
    }

    /** A currency's format, copied before each use; and, for a currency Java does not know, the code after the number. */
    private record Prototype(NumberFormat format, String codeAfter) {

        static Prototype of(String currency) {
            String code = currency.toUpperCase(Locale.ROOT);
            NumberFormat format;
            String codeAfter;
            try {
                Currency known = Currency.getInstance(code);
                format = NumberFormat.getCurrencyInstance(Locale.ENGLISH);
                format.setCurrency(known);
                codeAfter = null;
            } catch (IllegalArgumentException unknownToJava) {
                format = NumberFormat.getNumberInstance(Locale.ENGLISH);
                codeAfter = code;
            }
            // Stripe's minor units, not Java's: they differ for a few currencies (Stripe counts huf and isk in cents).
            int digits = Currencies.minorDigits(currency);
            format.setMinimumFractionDigits(digits);
            format.setMaximumFractionDigits(digits);
            return new Prototype(format, codeAfter);
        }
    }
}
