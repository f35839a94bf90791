package dev.checkstand.simulator.printful;

import static dev.checkstand.simulator.printful.BodyFields.optionalLong;
import static dev.checkstand.simulator.printful.BodyFields.optionalString;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Printful's {@code POST /shipping/rates}, deterministic: a method's price to a destination region is a US-dollar
 * amount for the first item plus one for each further item, converted at a fixed factor per currency and rounded half
 * up to the currency's decimals; delivery is a range of business days counted from the simulated date. The tables are
 * the ones the simulator's README documents. Refusals are {@link PrintfulError} 400s.
 */
final class ShippingRates {

  /** The methods offered, in the order rates are answered; the only ones an order may name in {@code shipping}. */
  static final List<String> METHODS = List.of("STANDARD", "EXPRESS");

  /** Where a parcel goes, as far as its price and time go. */
  enum Region {
    US, GB, EU, WORLD;

    private static final Set<String> EU_COUNTRIES = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI",
        "FR", "DE", "GR", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");

    /** The region of an upper-case country code: US, GB, one of the 27 EU countries, or the rest of the world. */
    static Region of(String countryCode) {
      return switch (countryCode) {
        case "US" -> US;
        case "GB" -> GB;
        default -> EU_COUNTRIES.contains(countryCode) ? EU : WORLD;
      };
    }
  }

  /** One method to one region: US dollars for the first item and for each further one, and the business days. */
  record Tariff(String method, Region region, String label, BigDecimal first, BigDecimal additional, int minDays,
      int maxDays) {

    /** The name Printful shows, e.g. {@code Flat Rate (3-4 business days after fulfillment)}. */
    String name() {
      return label + " (" + minDays + "-" + maxDays + " business days after fulfillment)";
    }
  }

  /** A currency rates can be asked in: its code, how many of it one US dollar is, and its decimals. */
  record Currency(String code, BigDecimal perDollar, int decimals) {}

  static final List<Tariff> TARIFFS = List.of(
      row("STANDARD", Region.US, "4.75", "2.00", 3, 5),
      row("STANDARD", Region.GB, "5.00", "1.50", 3, 4),
      row("STANDARD", Region.EU, "6.00", "1.75", 4, 7),
      row("STANDARD", Region.WORLD, "9.00", "2.50", 7, 14),
      row("EXPRESS", Region.US, "12.50", "3.00", 1, 2),
      row("EXPRESS", Region.GB, "14.00", "3.00", 1, 2),
      row("EXPRESS", Region.EU, "16.00", "3.50", 2, 4),
      row("EXPRESS", Region.WORLD, "24.00", "5.00", 3, 6));

  /** USD first, the default. */
  static final List<Currency> CURRENCIES = List.of(
      new Currency("USD", new BigDecimal("1"), 2),
      new Currency("GBP", new BigDecimal("0.80"), 2),
      new Currency("EUR", new BigDecimal("0.92"), 2),
      new Currency("JPY", new BigDecimal("150"), 0),
      new Currency("CAD", new BigDecimal("1.36"), 2),
      new Currency("AUD", new BigDecimal("1.52"), 2));

  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
  private static final String[] RECIPIENT_FIELDS = {"address1", "city", "state_code", "zip"};

  private final Clock clock;
  private final SyncVariants variants;

  ShippingRates(Clock clock, SyncVariants variants) {
    this.clock = clock;
    this.variants = variants;
  }

  /** {@code POST /shipping/rates}: every method's rate for the body's items to its recipient, in its currency. */
  JsonArray quote(JsonObject body) {
    Region region = Region.of(countryCode(body.get("recipient")));
    long items = itemCount(body.get("items"));
    Currency currency = currency(optionalString(body, "currency", "Currency"));
    optionalString(body, "locale", "Locale");
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    JsonArray rates = new JsonArray();
    for (String method : METHODS) {
      Tariff tariff = tariff(method, region);
      BigDecimal dollars = tariff.first().add(tariff.additional().multiply(BigDecimal.valueOf(items - 1)));
      JsonObject rate = new JsonObject();
      rate.addProperty("id", method);
      rate.addProperty("name", tariff.name());
      rate.addProperty("rate", dollars.multiply(currency.perDollar())
          .setScale(currency.decimals(), RoundingMode.HALF_UP).toPlainString());
      rate.addProperty("currency", currency.code());
      rate.addProperty("minDeliveryDays", tariff.minDays());
      rate.addProperty("maxDeliveryDays", tariff.maxDays());
      rate.addProperty("minDeliveryDate", businessDaysAfter(today, tariff.minDays()).toString());
      rate.addProperty("maxDeliveryDate", businessDaysAfter(today, tariff.maxDays()).toString());
      rates.add(rate);
    }
    return rates;
  }

  /** Whether an order may name this method in {@code shipping}. */
  static boolean offers(String method) {
    return METHODS.contains(method);
  }

  /** An offered method's name to a country (any case; unknown: the rest of the world), as orders show it. */
  static String name(String method, String countryCode) {
    return tariff(method, Region.of(countryCode == null ? "" : countryCode.toUpperCase(Locale.ROOT))).name();
  }

  /** The date {@code days} business days (Monday to Friday) after {@code from}. */
  static LocalDate businessDaysAfter(LocalDate from, int days) {
    LocalDate date = from;
    int left = days;
    while (left > 0) {
      date = date.plusDays(1);
      if (date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY) {
        left--;
      }
    }
    return date;
  }

  private static String countryCode(JsonElement element) {
    BodyFields.recipient(element, RECIPIENT_FIELDS); // refuses a missing recipient and fields of the wrong type
    String code = optionalString(element.getAsJsonObject(), "country_code", "Recipient: country_code");
    if (code == null || code.isBlank()) {
      throw PrintfulError.badRequest("Recipient: country_code is required.");
    }
    String upper = code.toUpperCase(Locale.ROOT);
    if (!COUNTRIES.contains(upper)) {
      throw PrintfulError.badRequest("Recipient: country_code " + code
          + " is not a country code (ISO 3166-1 alpha-2, e.g. GB).");
    }
    return upper;
  }

  // The number of items shipped: the quantities added up.
  private long itemCount(JsonElement element) {
    long[] count = {0};
    BodyFields.items(element, (at, item, quantity) -> {
      Long variantId = optionalLong(item, "variant_id", at + "variant_id");
      String externalVariantId = optionalString(item, "external_variant_id", at + "external_variant_id");
      if (externalVariantId != null) {
        if (variants.byExternalId(externalVariantId).isEmpty()) {
          throw PrintfulError.badRequest(at + "Sync variant with external ID " + externalVariantId + " not found.");
        }
      } else if (variantId == null || variantId < 1) {
        throw PrintfulError.badRequest(at + "a variant_id or external_variant_id is required.");
      } else if (SyncVariants.SEEDED.stream().anyMatch(v -> v.id() == variantId)) {
        // variant_id is a catalog variant; the store's sync variant ids are not among them.
        throw PrintfulError.badRequest(at + "Variant " + variantId + " not found.");
      }
      count[0] += quantity;
    });
    return count[0];
  }

  private static Currency currency(String code) {
    if (code == null) {
      return CURRENCIES.get(0);
    }
    String upper = code.toUpperCase(Locale.ROOT);
    return CURRENCIES.stream().filter(currency -> currency.code().equals(upper)).findFirst()
        .orElseThrow(() -> PrintfulError.badRequest("Currency " + code + " is not supported; use one of "
            + CURRENCIES.stream().map(Currency::code).collect(Collectors.joining(", ")) + "."));
  }

  private static Tariff tariff(String method, Region region) {
    return TARIFFS.stream().filter(t -> t.method().equals(method) && t.region() == region).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No shipping method " + method));
  }

  private static Tariff row(String method, Region region, String first, String additional, int minDays,
      int maxDays) {
    return new Tariff(method, region, method.equals("STANDARD") ? "Flat Rate" : "Express", new BigDecimal(first),
        new BigDecimal(additional), minDays, maxDays);
  }
}
