package dev.checkstand.simulator.payments;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** A PaymentMethod made from a test alias such as {@code pm_card_visa} or {@code pm_usBankAccount_success}. */
record PaymentMethod(String id, long created, TestPaymentMethod test) {

  /** The PaymentMethod {@code type}: {@code card} or {@code us_bank_account}. */
  String type() {
    return test.type();
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject();
    json.addProperty("id", id);
    json.addProperty("object", "payment_method");
    json.addProperty("allow_redisplay", "unspecified");
    json.add("billing_details", billingDetails());
    if (type().equals("card")) {
      json.add("card", cardJson());
    }
    json.addProperty("created", created);
    json.add("customer", JsonNull.INSTANCE);
    json.addProperty("livemode", false);
    json.add("metadata", new JsonObject());
    json.addProperty("type", type());
    if (!type().equals("card")) {
      json.add("us_bank_account", bankAccountJson(true));
    }
    return json;
  }

  /** The {@code payment_method_details} of a Charge made with this method. */
  JsonObject chargeDetails() {
    JsonObject details = new JsonObject();
    if (!type().equals("card")) {
      details.addProperty("type", type());
      details.add("us_bank_account", bankAccountJson(false));
      return details;
    }
    JsonObject card = cardJson();
    card.remove("display_brand");
    card.remove("networks");
    card.remove("three_d_secure_usage");
    card.addProperty("network", test.brand());
    card.add("three_d_secure", JsonNull.INSTANCE);
    details.add("card", card);
    details.addProperty("type", "card");
    return details;
  }

  static JsonObject billingDetails() {
    JsonObject details = new JsonObject();
    details.add("address", Json.emptyAddress());
    details.add("email", JsonNull.INSTANCE);
    details.add("name", JsonNull.INSTANCE);
    details.add("phone", JsonNull.INSTANCE);
    details.add("tax_id", JsonNull.INSTANCE);
    return details;
  }

  private JsonObject bankAccountJson(boolean asMethod) {
    JsonObject account = new JsonObject();
    account.addProperty("account_holder_type", "individual");
    account.addProperty("account_type", test.funding());
    account.addProperty("bank_name", test.brand());
    account.addProperty("fingerprint", "bank" + test.last4());
    account.addProperty("last4", test.last4());
    if (asMethod) {
      account.add("financial_connections_account", JsonNull.INSTANCE);
      JsonObject networks = new JsonObject();
      networks.addProperty("preferred", "ach");
      JsonArray supported = new JsonArray();
      supported.add("ach");
      networks.add("supported", supported);
      account.add("networks", networks);
      account.add("status_details", new JsonObject());
    } else {
      account.add("payment_reference", JsonNull.INSTANCE);
    }
    account.addProperty("routing_number", "110000000");
    return account;
  }

  private JsonObject cardJson() {
    ZonedDateTime createdAt = Instant.ofEpochSecond(created).atZone(ZoneOffset.UTC);
    JsonObject checks = new JsonObject();
    checks.add("address_line1_check", JsonNull.INSTANCE);
    checks.add("address_postal_code_check", JsonNull.INSTANCE);
    checks.add("cvc_check", JsonNull.INSTANCE);
    JsonArray available = new JsonArray();
    available.add(test.brand());
    JsonObject networks = new JsonObject();
    networks.add("available", available);
    networks.add("preferred", JsonNull.INSTANCE);
    JsonObject threeDSecureUsage = new JsonObject();
    threeDSecureUsage.addProperty("supported", true);
    JsonObject json = new JsonObject();
    json.addProperty("brand", test.brand());
    json.add("checks", checks);
    json.addProperty("country", "US");
    json.addProperty("display_brand", test.brand());
    json.addProperty("exp_month", createdAt.getMonthValue());
    json.addProperty("exp_year", createdAt.getYear() + 1);
    json.addProperty("fingerprint", test.name().toLowerCase(java.util.Locale.ROOT).replace("_", "") + test.last4());
    json.addProperty("funding", test.funding());
    json.addProperty("last4", test.last4());
    json.add("networks", networks);
    json.add("three_d_secure_usage", threeDSecureUsage);
    json.add("wallet", JsonNull.INSTANCE);
    return json;
  }
}
