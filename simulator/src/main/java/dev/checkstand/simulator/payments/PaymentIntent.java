package dev.checkstand.simulator.payments;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.Amounts;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.Json;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** A PaymentIntent and its state machine; read and changed only inside {@link #locked}. */
final class PaymentIntent {

  /** Stripe's PaymentIntent statuses. */
  enum Status {
    REQUIRES_PAYMENT_METHOD, REQUIRES_CONFIRMATION, REQUIRES_ACTION, PROCESSING, REQUIRES_CAPTURE,
    CANCELED, SUCCEEDED;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Set<Status> CONFIRMABLE =
      EnumSet.of(Status.REQUIRES_PAYMENT_METHOD, Status.REQUIRES_CONFIRMATION, Status.REQUIRES_ACTION);
  private static final Set<Status> CANCELABLE = EnumSet.of(Status.REQUIRES_PAYMENT_METHOD,
      Status.REQUIRES_CAPTURE, Status.REQUIRES_CONFIRMATION, Status.REQUIRES_ACTION, Status.PROCESSING);

  private final ReentrantLock lock = new ReentrantLock();
  private final String id;
  private final long created;
  private final String clientSecret;
  private final String confirmationMethod;
  private final NewPaymentIntent.AutomaticPaymentMethods automaticPaymentMethods;
  private final String checkoutSession;
  private final String account;
  private ConnectTerms connect;
  private long amount;
  private String currency;
  private String captureMethod;
  private String description;
  private String receiptEmail;
  private Map<String, String> metadata;
  private List<String> paymentMethodTypes;
  private Status status = Status.REQUIRES_PAYMENT_METHOD;
  private PaymentMethod paymentMethod;
  private long amountReceived;
  private long amountCapturable;
  private String latestCharge;
  private JsonObject lastPaymentError;
  private Long canceledAt;
  private String cancellationReason;
  private JsonObject nextAction;
  private String returnUrl;
  private String authenticatedMethodId;

  PaymentIntent(NewPaymentIntent spec, long created) {
    this.id = Ids.next("pi");
    this.created = created;
    this.clientSecret = id + "_secret_" + Ids.secret(25);
    this.confirmationMethod = spec.confirmationMethod();
    this.automaticPaymentMethods = spec.automaticPaymentMethods();
    this.checkoutSession = spec.checkoutSession();
    this.account = spec.account();
    this.connect = spec.connect();
    this.amount = spec.amount();
    this.currency = spec.currency();
    this.captureMethod = spec.captureMethod();
    this.description = spec.description();
    this.receiptEmail = spec.receiptEmail();
    this.metadata = spec.metadata();
    this.paymentMethodTypes = spec.paymentMethodTypes();
  }

  /** Runs {@code action} holding this PaymentIntent's lock, so confirms and cancels never interleave. */
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

  String clientSecret() {
    return clientSecret;
  }

  long amount() {
    return amount;
  }

  String currency() {
    return currency;
  }

  String description() {
    return description;
  }

  String receiptEmail() {
    return receiptEmail;
  }

  Map<String, String> metadata() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  String latestCharge() {
    return latestCharge;
  }

  PaymentMethod paymentMethod() {
    return paymentMethod;
  }

  String confirmationMethod() {
    return confirmationMethod;
  }

  /** The connected account this PaymentIntent was made as ({@code Stripe-Account}), or null for the platform. */
  String account() {
    return account;
  }

  /** Its Connect terms: destination, transfer amount, application fee, on_behalf_of. */
  ConnectTerms connect() {
    return connect;
  }

  /** Changes {@code transfer_data[amount]} and {@code application_fee_amount}, which may change only before payment. */
  void changeConnectAmounts(ConnectTerms changed) {
    requireStatus(CONFIRMABLE, "This PaymentIntent could not be updated because it has a status of "
        + status.wire() + ". You may only update a PaymentIntent with one of the following"
        + " statuses: " + wire(CONFIRMABLE) + ".");
    connect = changed;
  }

  /** The Checkout Session that made this PaymentIntent, or null. */
  String checkoutSession() {
    return checkoutSession;
  }

  String returnUrl() {
    return returnUrl;
  }

  /** Keeps the {@code return_url} a redirect-based next action sends the customer back to. */
  void returnTo(String url) {
    if (url != null && !url.isEmpty()) {
      returnUrl = url;
    }
  }

  /** Whether the attached method's 3-D Secure authentication already succeeded. */
  boolean authenticated() {
    return paymentMethod != null && paymentMethod.id().equals(authenticatedMethodId);
  }

  boolean capturesManually() {
    return "manual".equals(captureMethod);
  }

  Status status() {
    return status;
  }

  long created() {
    return created;
  }

  /** Changes what may change only before payment: amount, currency, capture method, method types. */
  void changePayment(Long newAmount, String newCurrency, String newCaptureMethod, List<String> types) {
    if (newAmount != null || newCurrency != null) {
      requireStatus(CONFIRMABLE, "This PaymentIntent's amount could not be updated because it has a"
          + " status of " + status.wire() + ". You may only update the amount of a PaymentIntent with"
          + " one of the following statuses: " + wire(CONFIRMABLE) + ".");
    }
    if (newCaptureMethod != null || types != null) {
      requireStatus(CONFIRMABLE, "This PaymentIntent could not be updated because it has a status of "
          + status.wire() + ". You may only update a PaymentIntent with one of the following"
          + " statuses: " + wire(CONFIRMABLE) + ".");
    }
    if (newAmount != null || newCurrency != null) {
      Amounts.check(newAmount == null ? amount : newAmount,
          newCurrency == null ? currency : newCurrency, "amount");
    }
    amount = newAmount == null ? amount : newAmount;
    currency = newCurrency == null ? currency : newCurrency;
    captureMethod = newCaptureMethod == null ? captureMethod : newCaptureMethod;
    paymentMethodTypes = types == null ? paymentMethodTypes : List.copyOf(types);
  }

  /** Changes what may change at any time; an empty string unsets a field. */
  void describe(String newDescription, String newReceiptEmail, Map<String, String> newMetadata) {
    description = newDescription == null ? description : emptyToNull(newDescription);
    receiptEmail = newReceiptEmail == null ? receiptEmail : emptyToNull(newReceiptEmail);
    metadata = new LinkedHashMap<>(newMetadata);
  }

  /** Attaches a payment method; the PaymentIntent then awaits confirmation. */
  void attach(PaymentMethod method) {
    requireStatus(CONFIRMABLE, "This PaymentIntent's payment_method could not be updated because it"
        + " has a status of " + status.wire() + ". You may only update the payment_method of a"
        + " PaymentIntent with one of the following statuses: " + wire(CONFIRMABLE) + ".");
    paymentMethod = method;
    lastPaymentError = null;
    nextAction = null;
    if (status == Status.REQUIRES_PAYMENT_METHOD || status == Status.REQUIRES_ACTION) {
      status = Status.REQUIRES_CONFIRMATION;
    }
  }

  /** Refuses to confirm unless the status allows it and a payment method is attached. */
  void requireConfirmable() {
    requireStatus(CONFIRMABLE, "You cannot confirm this PaymentIntent because it has a status of "
        + status.wire() + ". Only a PaymentIntent with one of the following statuses may be"
        + " confirmed: " + wire(CONFIRMABLE) + ".");
  }

  /** Refuses to confirm without a payment method. */
  void requirePaymentMethod() {
    if (paymentMethod == null) {
      throw ApiError.unexpectedState("You cannot confirm this PaymentIntent because it's missing a"
          + " payment method. You can either update the PaymentIntent with a payment method and then"
          + " confirm it again, or confirm it again directly with a payment method.", toJson());
    }
  }

  /** The customer must authenticate (3-D Secure) before the card is charged. */
  void requiresAction(JsonObject action) {
    status = Status.REQUIRES_ACTION;
    nextAction = action;
  }

  /** Refuses to resolve an authentication unless one is awaited. */
  void requireAction() {
    requireStatus(EnumSet.of(Status.REQUIRES_ACTION), "This PaymentIntent has a status of "
        + status.wire() + "; only a PaymentIntent with a status of requires_action awaits"
        + " authentication.");
  }

  /** Authentication succeeded; with manual confirmation the server must confirm again. */
  void authenticationSucceeded() {
    authenticatedMethodId = paymentMethod.id();
    nextAction = null;
    if ("manual".equals(confirmationMethod)) {
      status = Status.REQUIRES_CONFIRMATION;
    }
  }

  /** Authentication failed: back to requires_payment_method, without a charge. */
  void authenticationFailed(JsonObject paymentError) {
    lastPaymentError = paymentError;
    paymentMethod = null;
    nextAction = null;
    status = Status.REQUIRES_PAYMENT_METHOD;
  }

  /** A bank debit started: processing until it settles. */
  void processing(Charge charge) {
    latestCharge = charge.id();
    nextAction = null;
    status = Status.PROCESSING;
  }

  /** Refuses to settle unless the payment is processing. */
  void requireProcessing() {
    requireStatus(EnumSet.of(Status.PROCESSING), "This PaymentIntent has a status of "
        + status.wire() + "; only a processing PaymentIntent can settle.");
  }

  /** The card was authorized: succeeded, or requires_capture when capturing manually. */
  void authorized(Charge charge) {
    latestCharge = charge.id();
    nextAction = null;
    if (capturesManually()) {
      status = Status.REQUIRES_CAPTURE;
      amountCapturable = amount;
    } else {
      status = Status.SUCCEEDED;
      amountReceived = amount;
    }
  }

  /** The card was declined (or the debit failed): back to requires_payment_method with the error recorded. */
  void declined(Charge charge, JsonObject paymentError) {
    latestCharge = charge.id();
    nextAction = null;
    lastPaymentError = paymentError;
    paymentMethod = null;
    status = Status.REQUIRES_PAYMENT_METHOD;
  }

  /** Refuses a capture unless an authorization awaits it. */
  void requireCapturable() {
    requireStatus(EnumSet.of(Status.REQUIRES_CAPTURE), "This PaymentIntent could not be captured"
        + " because it has a status of " + status.wire() + ". Only a PaymentIntent with one of the"
        + " following statuses may be captured: requires_capture.");
  }

  /** Captures {@code amountToCapture} of {@code charge}, its authorization, unless the authorization expired by {@code now} (unix seconds). */
  void capture(long amountToCapture, Charge charge, long now) {
    requireCapturable();
    if (charge.authorizationExpired(now)) {
      throw ApiError.paymentIntentRefused("charge_expired_for_capture", "This PaymentIntent could"
          + " not be captured because the authorization of its charge " + charge.id() + " expired"
          + " at " + Instant.ofEpochSecond(charge.captureBefore()) + " (capture_before "
          + charge.captureBefore() + "). An expired authorization can no longer be captured; cancel"
          + " the PaymentIntent to release it.", toJson(), charge.id());
    }
    if (amountToCapture > amountCapturable) {
      throw ApiError.invalidRequest("The amount_to_capture (" + amountToCapture + ") must be less"
          + " than or equal to the amount_capturable (" + amountCapturable + ").",
          "amount_to_capture", "amount_too_large");
    }
    amountReceived = amountToCapture;
    amountCapturable = 0;
    status = Status.SUCCEEDED;
  }

  /** Whether {@link #cancel} would be allowed now. */
  boolean cancelable() {
    return CANCELABLE.contains(status);
  }

  /** Refuses an API cancel of a Checkout-made PaymentIntent unless it awaits capture: expire the Session instead. */
  void requireCancelableThroughApi() {
    if (checkoutSession != null && status != Status.REQUIRES_CAPTURE) {
      throw ApiError.unexpectedState("You cannot cancel this PaymentIntent because it was created by"
          + " Checkout. To cancel it, expire the Checkout Session instead.", toJson());
    }
  }

  /** Cancels; Stripe's reasons are checked by the caller. */
  void cancel(String reason, long now) {
    requireStatus(CANCELABLE, "You cannot cancel this PaymentIntent because it has a status of "
        + status.wire() + ". Only a PaymentIntent with one of the following statuses may be"
        + " canceled: " + wire(CANCELABLE) + ".");
    status = Status.CANCELED;
    nextAction = null;
    canceledAt = now;
    cancellationReason = reason;
    amountCapturable = 0;
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject();
    json.addProperty("id", id);
    json.addProperty("object", "payment_intent");
    json.addProperty("amount", amount);
    json.addProperty("amount_capturable", amountCapturable);
    JsonObject amountDetails = new JsonObject();
    amountDetails.add("tip", new JsonObject());
    json.add("amount_details", amountDetails);
    json.addProperty("amount_received", amountReceived);
    json.add("application", JsonNull.INSTANCE);
    json.addProperty("application_fee_amount", connect.applicationFeeAmount());
    json.add("automatic_payment_methods", automaticPaymentMethodsJson());
    json.addProperty("canceled_at", canceledAt);
    json.addProperty("cancellation_reason", cancellationReason);
    json.addProperty("capture_method", captureMethod);
    json.addProperty("client_secret", clientSecret);
    json.addProperty("confirmation_method", confirmationMethod);
    json.addProperty("created", created);
    json.addProperty("currency", currency);
    json.add("customer", JsonNull.INSTANCE);
    json.addProperty("description", description);
    json.add("excluded_payment_method_types", JsonNull.INSTANCE);
    json.add("last_payment_error", lastPaymentError == null ? JsonNull.INSTANCE : lastPaymentError.deepCopy());
    json.addProperty("latest_charge", latestCharge);
    json.addProperty("livemode", false);
    json.add("metadata", Json.strings(metadata));
    json.add("next_action", nextAction == null ? JsonNull.INSTANCE : nextAction.deepCopy());
    json.addProperty("on_behalf_of", connect.onBehalfOf());
    json.addProperty("payment_method", paymentMethod == null ? null : paymentMethod.id());
    json.add("payment_method_configuration_details", JsonNull.INSTANCE);
    json.add("payment_method_options", new JsonObject());
    json.add("payment_method_types", Json.strings(paymentMethodTypes));
    json.add("processing", JsonNull.INSTANCE);
    json.addProperty("receipt_email", receiptEmail);
    json.add("review", JsonNull.INSTANCE);
    json.add("setup_future_usage", JsonNull.INSTANCE);
    json.add("shipping", JsonNull.INSTANCE);
    json.add("source", JsonNull.INSTANCE);
    json.add("statement_descriptor", JsonNull.INSTANCE);
    json.add("statement_descriptor_suffix", JsonNull.INSTANCE);
    json.addProperty("status", status.wire());
    json.add("transfer_data", transferData(connect));
    json.add("transfer_group", JsonNull.INSTANCE);
    return json;
  }

  /** Stripe's {@code transfer_data}: {@code {amount?, destination}} of a destination charge, else null. */
  static JsonObject transferData(ConnectTerms connect) {
    if (!connect.destinationCharge()) {
      return null;
    }
    JsonObject data = new JsonObject();
    if (connect.transferAmount() != null) {
      data.addProperty("amount", connect.transferAmount());
    }
    data.addProperty("destination", connect.destination());
    return data;
  }

  private JsonObject automaticPaymentMethodsJson() {
    if (automaticPaymentMethods == null) {
      return null;
    }
    JsonObject json = new JsonObject();
    if (automaticPaymentMethods.allowRedirects() != null) {
      json.addProperty("allow_redirects", automaticPaymentMethods.allowRedirects());
    }
    json.addProperty("enabled", automaticPaymentMethods.enabled());
    return json;
  }

  private void requireStatus(Set<Status> allowed, String message) {
    if (!allowed.contains(status)) {
      throw ApiError.unexpectedState(message, toJson());
    }
  }

  private static String wire(Set<Status> statuses) {
    return statuses.stream().map(Status::wire).collect(Collectors.joining(", "));
  }

  private static String emptyToNull(String value) {
    return value.isEmpty() ? null : value;
  }
}
