package dev.checkstand.common;

import java.util.Locale;
import java.util.Set;

/** ISO 3166-1 alpha-2 country codes as the service takes them: upper case, e.g. {@code GB}. */
public final class Countries {

    private static final Set<String> CODES = Set.of(Locale.getISOCountries());

    private Countries() {
    }

    /** Whether {@code code} is a country's ISO 3166-1 alpha-2 code. */
    public static boolean isKnown(String code) {
        return code != null && CODES.contains(code);
    }
}
