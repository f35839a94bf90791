package dev.checkstand.simulator.checkout;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.Json;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** A Checkout Session in payment mode and its state machine; read and changed only inside {@link #locked}. */
final class CheckoutSession {

  /** Stripe's session statuses. */
  enum Status {
    OPEN, COMPLETE, EXPIRED;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final String id;
  private final long created;
  private final NewSession spec;
  private final String account;
  private Status status = Status.OPEN;
  private boolean paid;
  private String paymentIntentId;
  private String customerEmail;

  /** A session made as {@code account} ({@code Stripe-Account}), null for the platform. */
  CheckoutSession(NewSession spec, long created, String account) {
    this.id = Ids.next("cs_test");
    this.created = created;
    this.spec = spec;
    this.account = account;
  }

  /** The connected account the session was made as, or null for the platform. */
  String account() {
    return account;
  }

  <T> T locked(Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  String id() {
    return id;
  }

  long created() {
    return created;
  }

  NewSession spec() {
    return spec;
  }

  Status status() {
    return status;
  }

  String paymentIntentId() {
    return paymentIntentId;
  }

  List<LineItem> lineItems() {
    return spec.lineItems();
  }

  /** The URL the customer is sent to after paying, with {@code {CHECKOUT_SESSION_ID}} filled in; null if none. */
  String successUrl() {
    return spec.successUrl() == null ? null : spec.successUrl().replace("{CHECKOUT_SESSION_ID}", id);
  }

  /** Refuses to expire anything but an open session, with Stripe's message. */
  void requireExpirable() {
    if (status != Status.OPEN) {
      throw ApiError.invalidRequest("Only Checkout Sessions with a status in [\"open\"] can be"
          + " expired. This Checkout Session has a status of `" + status.wire() + "`.", null, null);
    }
  }

  /** Records the PaymentIntent made at the customer's first attempt to pay. */
  void paymentIntentCreated(String intentId) {
    paymentIntentId = intentId;
  }

  /** The email the customer gave on the hosted page. */
  void enteredEmail(String email) {
    customerEmail = email;
  }

  /** The customer finished: paid now, or (for a delayed method or an uncaptured hold) unpaid for now. */
  void complete(boolean paidNow) {
    status = Status.COMPLETE;
    paid = paidNow;
  }

  boolean paid() {
    return paid;
  }

  /** A delayed payment succeeded. */
  void markPaid() {
    paid = true;
  }

  void expire() {
    status = Status.EXPIRED;
  }

  JsonObject toJson(String baseUrl) {
    JsonObject json = new JsonObject();
    json.addProperty("id", id);
    json.addProperty("object", "checkout.session");
    json.add("adaptive_pricing", JsonNull.INSTANCE);
    json.add("after_expiration", JsonNull.INSTANCE);
    json.add("allow_promotion_codes", JsonNull.INSTANCE);
    json.addProperty("amount_subtotal", spec.amountTotal());
    json.addProperty("amount_total", spec.amountTotal());
    json.add("automatic_tax", automaticTax());
    json.add("billing_address_collection", JsonNull.INSTANCE);
    json.addProperty("cancel_url", spec.cancelUrl());
    json.addProperty("client_reference_id", spec.clientReferenceId());
    json.add("client_secret", JsonNull.INSTANCE);
    json.add("collected_information", JsonNull.INSTANCE);
    json.add("consent", JsonNull.INSTANCE);
    json.add("consent_collection", JsonNull.INSTANCE);
    json.addProperty("created", created);
    json.addProperty("currency", spec.currency());
    json.add("currency_conversion", JsonNull.INSTANCE);
    json.add("custom_fields", new JsonArray());
    json.add("custom_text", customText());
    json.add("customer", JsonNull.INSTANCE);
    json.addProperty("customer_creation", "if_required");
    json.add("customer_details", customerDetails());
    json.addProperty("customer_email", spec.customerEmail());
    json.add("discounts", new JsonArray());
    json.addProperty("expires_at", spec.expiresAt());
    json.add("invoice", JsonNull.INSTANCE);
    json.add("invoice_creation", JsonNull.INSTANCE);
    json.addProperty("livemode", false);
    json.addProperty("locale", spec.locale());
    json.add("metadata", Json.strings(spec.metadata()));
    json.addProperty("mode", "payment");
    json.add("origin_context", JsonNull.INSTANCE);
    json.addProperty("payment_intent", paymentIntentId);
    json.add("payment_link", JsonNull.INSTANCE);
    json.addProperty("payment_method_collection", "if_required");
    json.add("payment_method_configuration_details", JsonNull.INSTANCE);
    json.add("payment_method_options", new JsonObject());
    json.add("payment_method_types", Json.strings(spec.paymentMethodTypes()));
    json.addProperty("payment_status", paid ? "paid" : "unpaid");
    JsonObject phone = new JsonObject();
    phone.addProperty("enabled", false);
    json.add("phone_number_collection", phone);
    json.add("recovered_from", JsonNull.INSTANCE);
    json.add("saved_payment_method_options", JsonNull.INSTANCE);
    json.add("setup_intent", JsonNull.INSTANCE);
    json.add("shipping_address_collection", JsonNull.INSTANCE);
    json.add("shipping_cost", JsonNull.INSTANCE);
    json.add("shipping_options", new JsonArray());
    json.addProperty("status", status.wire());
    json.addProperty("submit_type", spec.submitType());
    json.add("subscription", JsonNull.INSTANCE);
    json.addProperty("success_url", spec.successUrl());
    json.add("total_details", totalDetails());
    json.addProperty("ui_mode", "hosted");
    json.addProperty("url", status == Status.OPEN ? baseUrl + HostedCheckoutPage.PATH + id : null);
    json.add("wallet_options", JsonNull.INSTANCE);
    return json;
  }

  private JsonObject customerDetails() {
    if (status != Status.COMPLETE) {
      return null;
    }
    JsonObject address = Json.emptyAddress();
    address.addProperty("country", "US");
    JsonObject details = new JsonObject();
    details.add("address", address);
    details.add("business_name", JsonNull.INSTANCE);
    details.addProperty("email", customerEmail);
    details.add("individual_name", JsonNull.INSTANCE);
    details.add("name", JsonNull.INSTANCE);
    details.add("phone", JsonNull.INSTANCE);
    details.addProperty("tax_exempt", "none");
    details.add("tax_ids", new JsonArray());
    return details;
  }

  private static JsonObject automaticTax() {
    JsonObject tax = new JsonObject();
    tax.addProperty("enabled", false);
    tax.add("liability", JsonNull.INSTANCE);
    tax.add("provider", JsonNull.INSTANCE);
    tax.add("status", JsonNull.INSTANCE);
    return tax;
  }

  private static JsonObject customText() {
    JsonObject text = new JsonObject();
    for (String field : new String[] {"after_submit", "shipping_address", "submit",
        "terms_of_service_acceptance"}) {
      text.add(field, JsonNull.INSTANCE);
    }
    return text;
  }

  private static JsonObject totalDetails() {
    JsonObject totals = new JsonObject();
    totals.addProperty("amount_discount", 0);
    totals.addProperty("amount_shipping", 0);
    totals.addProperty("amount_tax", 0);
    return totals;
  }
}
