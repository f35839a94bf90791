package dev.checkstand.simulator.connect;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.Json;
import dev.checkstand.simulator.api.ListQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A connected account (Express, Standard or Custom) and its onboarding state; read and changed only while synchronized on it. */
final class Account {

  /** What Stripe asks of a new US account before it may charge, less what the create already gave. */
  private static final List<String> ONBOARDING_REQUIREMENTS = List.of("business_profile.mcc",
      "business_profile.url", "business_type", "external_account", "individual.dob.day",
      "individual.dob.month", "individual.dob.year", "individual.email", "individual.first_name",
      "individual.last_name", "individual.phone", "individual.ssn_last_4", "tos_acceptance.date",
      "tos_acceptance.ip");

  private final String id;
  private final long created;
  private final String type;
  private final String country;
  private final String defaultCurrency;
  private final List<String> capabilities;
  private String businessType;
  private String email;
  private Map<String, String> metadata;
  private Map<String, String> businessProfile;
  private boolean chargesEnabled;
  private boolean payoutsEnabled;
  private boolean detailsSubmitted;
  private String disabledReason = "requirements.past_due";
  private List<String> currentlyDue;
  private List<String> pastDue;
  private Long tosAcceptedAt;

  Account(NewAccount spec, long created) {
    this.id = Ids.next("acct");
    this.created = created;
    this.type = spec.type();
    this.country = spec.country();
    this.defaultCurrency = spec.defaultCurrency();
    this.capabilities = List.copyOf(spec.capabilities());
    this.businessType = spec.businessType();
    this.email = spec.email();
    this.metadata = new LinkedHashMap<>(spec.metadata());
    this.businessProfile = new LinkedHashMap<>(spec.businessProfile());
    List<String> due = new ArrayList<>(ONBOARDING_REQUIREMENTS);
    if (businessType != null) {
      due.remove("business_type");
    }
    if (businessProfile.containsKey("url")) {
      due.remove("business_profile.url");
    }
    if (businessProfile.containsKey("mcc")) {
      due.remove("business_profile.mcc");
    }
    this.currentlyDue = List.copyOf(due);
    // A new account cannot charge until these are given: Stripe counts them as past due at once.
    this.pastDue = currentlyDue;
  }

  String id() {
    return id;
  }

  long created() {
    return created;
  }

  synchronized boolean chargesEnabled() {
    return chargesEnabled;
  }

  synchronized Map<String, String> metadata() {
    return new LinkedHashMap<>(metadata);
  }

  synchronized Map<String, String> businessProfile() {
    return new LinkedHashMap<>(businessProfile);
  }

  /** Changes what {@code POST /v1/accounts/{id}} may change; a null argument keeps the field. */
  synchronized void update(String newEmail, String newBusinessType, Map<String, String> newMetadata,
      Map<String, String> newBusinessProfile) {
    email = newEmail == null ? email : newEmail.isEmpty() ? null : newEmail;
    businessType = newBusinessType == null ? businessType : newBusinessType;
    metadata = newMetadata == null ? metadata : new LinkedHashMap<>(newMetadata);
    businessProfile = newBusinessProfile == null ? businessProfile : new LinkedHashMap<>(newBusinessProfile);
  }

  /** The account holder finished onboarding at {@code now}: everything submitted, charges and payouts on. */
  synchronized void onboarded(long now) {
    detailsSubmitted = true;
    if (tosAcceptedAt == null) {
      tosAcceptedAt = now;
    }
    setStatus(true, true, null, List.of());
  }

  /** Stripe (or the simulator's control) changed what the account may do; see {@code Accounts.setStatus}. */
  synchronized void setStatus(boolean charges, boolean payouts, String reason, List<String> due) {
    chargesEnabled = charges;
    payoutsEnabled = payouts;
    disabledReason = reason;
    currentlyDue = List.copyOf(due);
    pastDue = "requirements.past_due".equals(reason) ? currentlyDue : List.of();
  }

  synchronized JsonObject toJson() {
    JsonObject json = new JsonObject();
    json.addProperty("id", id);
    json.addProperty("object", "account");
    json.add("business_profile", businessProfileJson());
    json.addProperty("business_type", businessType);
    JsonObject capabilityStates = new JsonObject();
    for (String capability : capabilities) {
      capabilityStates.addProperty(capability, chargesEnabled ? "active" : "inactive");
    }
    json.add("capabilities", capabilityStates);
    json.addProperty("charges_enabled", chargesEnabled);
    json.add("controller", controller());
    json.addProperty("country", country);
    json.addProperty("created", created);
    json.addProperty("default_currency", defaultCurrency);
    json.addProperty("details_submitted", detailsSubmitted);
    json.addProperty("email", email);
    json.add("external_accounts", ListQuery.render("/v1/accounts/" + id + "/external_accounts",
        List.of(), false));
    json.getAsJsonObject("external_accounts").addProperty("total_count", 0);
    json.add("future_requirements", requirements(List.of(), List.of(), null));
    json.add("metadata", Json.strings(metadata));
    json.addProperty("payouts_enabled", payoutsEnabled);
    json.add("requirements", requirements(currentlyDue, pastDue, disabledReason));
    json.add("settings", settings());
    JsonObject tos = new JsonObject();
    tos.addProperty("date", tosAcceptedAt);
    tos.addProperty("ip", tosAcceptedAt == null ? null : "127.0.0.1");
    tos.add("user_agent", JsonNull.INSTANCE);
    json.add("tos_acceptance", tos);
    json.addProperty("type", type);
    return json;
  }

  private JsonObject businessProfileJson() {
    JsonObject profile = new JsonObject();
    for (String field : AccountParams.BUSINESS_PROFILE_FIELDS) {
      profile.addProperty(field, businessProfile.get(field));
    }
    profile.add("support_address", JsonNull.INSTANCE);
    return profile;
  }

  private JsonObject controller() {
    JsonObject controller = new JsonObject();
    boolean standard = type.equals("standard");
    JsonObject fees = new JsonObject();
    fees.addProperty("payer", standard ? "account" : "application");
    controller.add("fees", fees);
    controller.addProperty("is_controller", true);
    JsonObject losses = new JsonObject();
    losses.addProperty("payments", standard ? "stripe" : "application");
    controller.add("losses", losses);
    controller.addProperty("requirement_collection", type.equals("custom") ? "application" : "stripe");
    JsonObject dashboard = new JsonObject();
    dashboard.addProperty("type", standard ? "full" : type.equals("express") ? "express" : "none");
    controller.add("stripe_dashboard", dashboard);
    controller.addProperty("type", "application");
    return controller;
  }

  private JsonObject settings() {
    JsonObject payouts = new JsonObject();
    payouts.addProperty("debit_negative_balances", true);
    JsonObject schedule = new JsonObject();
    schedule.addProperty("delay_days", 2);
    schedule.addProperty("interval", "daily");
    payouts.add("schedule", schedule);
    payouts.add("statement_descriptor", JsonNull.INSTANCE);
    JsonObject settings = new JsonObject();
    settings.add("payouts", payouts);
    return settings;
  }

  private static JsonObject requirements(List<String> due, List<String> pastDue, String reason) {
    JsonObject requirements = new JsonObject();
    requirements.add("alternatives", new JsonArray());
    requirements.add("current_deadline", JsonNull.INSTANCE);
    requirements.add("currently_due", Json.strings(due));
    requirements.addProperty("disabled_reason", reason);
    requirements.add("errors", new JsonArray());
    requirements.add("eventually_due", Json.strings(due));
    requirements.add("past_due", Json.strings(pastDue));
    requirements.add("pending_verification", new JsonArray());
    return requirements;
  }
}
