package dev.checkstand.common;

import java.util.Set;

/** Stripe's view of currencies: which are zero-decimal, and what a well-formed code looks like. */
public final class Currencies {

    private static final Set<String> ZERO_DECIMAL = Set.of(
            "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf");

    private Currencies() {
    }

    public static boolean isWellFormed(String code) {
        return code != null && code.length() == 3 && code.chars().allMatch(c -> c >= 'a' && c <= 'z');
    }

    /** True when the currency has no minor unit, so 500 means 500 whole units (¥500). */
    public static boolean isZeroDecimal(String code) {
        return ZERO_DECIMAL.contains(code);
    }
}
