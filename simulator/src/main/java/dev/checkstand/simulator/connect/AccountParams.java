package dev.checkstand.simulator.connect;

import dev.checkstand.simulator.api.Amounts;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.Metadata;
import dev.checkstand.simulator.api.Params;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and validates the parameters of the account endpoints. */
final class AccountParams {

  /** The {@code business_profile} fields kept and shown (strings). */
  static final List<String> BUSINESS_PROFILE_FIELDS = List.of("mcc", "name", "product_description",
      "support_email", "support_phone", "support_url", "url");

  static final Set<String> CREATE = Set.of("type", "controller", "country", "email", "business_type",
      "business_profile", "capabilities", "metadata", "default_currency", "expand", "settings",
      "tos_acceptance", "individual", "company", "external_account");
  static final Set<String> UPDATE = Set.of("email", "business_type", "business_profile", "metadata",
      "expand", "settings", "capabilities", "tos_acceptance", "individual", "company",
      "external_account", "default_currency");

  private static final List<String> TYPES = List.of("custom", "express", "standard");
  private static final List<String> BUSINESS_TYPES =
      List.of("company", "government_entity", "individual", "non_profit");
  private static final List<String> CAPABILITIES = List.of("card_payments", "transfers");
  private static final Map<String, String> CURRENCIES = Map.ofEntries(Map.entry("US", "usd"),
      Map.entry("CA", "cad"), Map.entry("GB", "gbp"), Map.entry("AU", "aud"), Map.entry("NZ", "nzd"),
      Map.entry("JP", "jpy"), Map.entry("CH", "chf"), Map.entry("SE", "sek"), Map.entry("NO", "nok"),
      Map.entry("DK", "dkk"), Map.entry("SG", "sgd"), Map.entry("HK", "hkd"), Map.entry("MX", "mxn"),
      Map.entry("BR", "brl"));
  private static final Set<String> EURO = Set.of("AT", "BE", "CY", "DE", "EE", "ES", "FI", "FR",
      "GR", "HR", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PT", "SI", "SK");

  private AccountParams() {}

  static NewAccount create(Params params) {
    params.allowOnly(CREATE);
    String type = params.oneOf("type", TYPES).orElse(null);
    if (type == null) {
      type = controllerType(params);
    }
    String country = params.string("country").filter(s -> !s.isEmpty()).orElse("US")
        .toUpperCase(Locale.ROOT);
    if (!country.matches("[A-Z]{2}")) {
      throw ApiError.invalidRequest("Invalid country: " + country
          + ". Use a two-letter ISO 3166-1 country code.", "country", "country_unsupported");
    }
    String currency = params.string("default_currency").filter(s -> !s.isEmpty())
        .map(Amounts::currency)
        .orElse(EURO.contains(country) ? "eur" : CURRENCIES.getOrDefault(country, "usd"));
    return new NewAccount(type, country, currency,
        params.string("email").filter(s -> !s.isEmpty()).orElse(null),
        params.oneOf("business_type", BUSINESS_TYPES).orElse(null),
        businessProfile(params, Map.of()).orElse(Map.of()),
        capabilities(params),
        Metadata.apply(Map.of(), params.raw("metadata")));
  }

  /** The account's {@code business_profile} after the parameter, if it was sent. */
  static Optional<Map<String, String>> businessProfile(Params params, Map<String, String> current) {
    Optional<Params> profile = params.hash("business_profile");
    if (profile.isEmpty()) {
      return Optional.empty();
    }
    Set<String> allowed = new java.util.HashSet<>(BUSINESS_PROFILE_FIELDS);
    allowed.addAll(Set.of("annual_revenue", "estimated_worker_count", "monthly_estimated_revenue",
        "support_address", "minority_owned_business_designation"));
    profile.get().allowOnly(allowed);
    Map<String, String> result = new LinkedHashMap<>(current);
    for (String field : BUSINESS_PROFILE_FIELDS) {
      profile.get().string(field).ifPresent(value -> {
        if (value.isEmpty()) {
          result.remove(field);
        } else {
          result.put(field, value);
        }
      });
    }
    profile.get().string("url").filter(url -> !url.isEmpty()).ifPresent(url -> {
      if (!url.matches("(?i)(https?://)?[a-z0-9.-]+\\.[a-z]{2,}(/.*)?")) {
        throw ApiError.invalidRequest("Not a valid URL", "business_profile[url]", "url_invalid");
      }
    });
    profile.get().string("mcc").filter(mcc -> !mcc.isEmpty() && !mcc.matches("[0-9]{4}"))
        .ifPresent(mcc -> {
          throw ApiError.invalidRequest("Invalid mcc: must be a 4-digit merchant category code.",
              "business_profile[mcc]", null);
        });
    return Optional.of(result);
  }

  static String businessType(Params params) {
    return params.oneOf("business_type", BUSINESS_TYPES).orElse(null);
  }

  private static String controllerType(Params params) {
    Optional<Params> controller = params.hash("controller");
    if (controller.isEmpty()) {
      throw ApiError.invalidRequest("You must provide either `type` or `controller` when creating"
          + " an account.", "type", "parameter_missing");
    }
    controller.get().allowOnly(Set.of("fees", "losses", "requirement_collection", "stripe_dashboard"));
    String dashboard = controller.get().hash("stripe_dashboard")
        .flatMap(d -> d.oneOf("type", List.of("express", "full", "none"))).orElse("full");
    return switch (dashboard) {
      case "express" -> "express";
      case "none" -> "custom";
      default -> "standard";
    };
  }

  /** The capabilities requested ({@code capabilities[card_payments][requested]=true}); both when none are named. */
  private static List<String> capabilities(Params params) {
    Optional<Params> requested = params.hash("capabilities");
    if (requested.isEmpty()) {
      return CAPABILITIES;
    }
    List<String> capabilities = new ArrayList<>();
    for (String name : requested.get().values().keySet()) {
      Params capability = requested.get().hash(name).orElseThrow();
      capability.allowOnly(Set.of("requested"));
      if (capability.bool("requested").orElse(false)) {
        capabilities.add(name);
      }
    }
    capabilities.sort(null);
    return capabilities;
  }
}
