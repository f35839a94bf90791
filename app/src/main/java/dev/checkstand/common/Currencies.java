package dev.checkstand.common;

import java.util.Set;

/** Stripe's view of currencies: which are zero-decimal, and what a well-formed code looks like. */
public final class Currencies {

    private static final Set<String> ZERO_DECIMAL = Set.of(
            "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf");

    // Stripe counts these in thousandths (KWD 1.000 is 1000), though it accepts only multiples of ten.
    private static final Set<String> THREE_DECIMAL = Set.of("bhd", "jod", "kwd", "omr", "tnd");

    private Currencies() {
    }

    public static boolean isWellFormed(String code) {
        return code != null && code.length() == 3 && code.chars().allMatch(c -> c >= 'a' && c <= 'z');
    }

    /** True when the currency has no minor unit, so 500 means 500 whole units (¥500). */
    public static boolean isZeroDecimal(String code) {
        return ZERO_DECIMAL.contains(code);
    }

    /** How many decimal places the currency's minor unit has in Stripe's amounts: 0 (jpy), 3 (kwd) or 2. */
    public static int minorDigits(String code) {
        if (ZERO_DECIMAL.contains(code)) {
            return 0;
        }
        return THREE_DECIMAL.contains(code) ? 3 : 2;
    }
}
