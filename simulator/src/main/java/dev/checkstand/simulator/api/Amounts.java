package dev.checkstand.simulator.api;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Stripe's amount and currency rules: at most 8 digits, per-currency minimums, lower-case ISO codes. */
public final class Amounts {

  private static final long MAX = 99_999_999L;
  private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");
  private static final Set<String> ZERO_DECIMAL = Set.of("bif", "clp", "djf", "gnf", "jpy", "kmf",
      "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf");
  private static final Map<String, Long> MINIMUMS = Map.ofEntries(
      Map.entry("usd", 50L), Map.entry("cad", 50L), Map.entry("aud", 50L), Map.entry("nzd", 50L),
      Map.entry("sgd", 50L), Map.entry("brl", 50L), Map.entry("chf", 50L), Map.entry("eur", 50L),
      Map.entry("gbp", 30L), Map.entry("dkk", 250L), Map.entry("nok", 300L), Map.entry("sek", 300L),
      Map.entry("hkd", 400L), Map.entry("mxn", 1000L), Map.entry("jpy", 50L));

  private Amounts() {}

  /** The currency in lower case; 400 unless it is a three-letter code. */
  public static String currency(String value) {
    String currency = value.toLowerCase(Locale.ROOT);
    if (!CURRENCY.matcher(currency).matches()) {
      throw ApiError.invalidRequest("Invalid currency: " + value + ". Stripe currently supports"
          + " three-letter ISO currency codes in lower case.", "currency", null);
    }
    return currency;
  }

  /** Refuses an amount below the currency's minimum charge or above 99999999. */
  public static void check(long amount, String currency, String param) {
    if (amount > MAX) {
      throw ApiError.invalidRequest("Amount must be no more than " + major(MAX, currency) + " "
          + currency, param, "amount_too_large");
    }
    long minimum = MINIMUMS.getOrDefault(currency, 1L);
    if (amount < minimum) {
      String message = minimum == 1L
          ? "This value must be greater than or equal to 1."
          : "Amount must be at least " + major(minimum, currency) + " " + currency;
      throw ApiError.invalidRequest(message, param, "amount_too_small");
    }
  }

  /** The amount in major units with the currency, e.g. {@code 20.00 USD}, for people to read. */
  public static String format(long amount, String currency) {
    return major(amount, currency) + " " + currency.toUpperCase(Locale.ROOT);
  }

  /** The amount as Stripe writes it in messages, e.g. {@code $20.00}, {@code €5.00} or {@code 500 JPY}. */
  public static String money(long amount, String currency) {
    String major = major(amount, currency);
    switch (currency) {
      case "usd":
        return "$" + major;
      case "eur":
        return "\u20ac" + major;
      case "gbp":
        return "\u00a3" + major;
      default:
        return major + " " + currency.toUpperCase(Locale.ROOT);
    }
  }

  private static String major(long amount, String currency) {
    int exponent = ZERO_DECIMAL.contains(currency) ? 0 : 2;
    return BigDecimal.valueOf(amount, exponent).toPlainString();
  }
}
