package dev.checkstand.simulator.payments;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A Charge made by confirming a PaymentIntent; changed only under its PaymentIntent's lock. */
final class Charge {

  private final String id;
  private final long created;
  private final long amount;
  private final String currency;
  private final String paymentIntentId;
  private final String account;
  private final ConnectTerms connect;
  private final PaymentMethod paymentMethod;
  private Decline decline;
  private boolean pending;
  private final Map<String, String> metadata;
  private final String description;
  private final String receiptEmail;
  private final Long captureBefore;
  private boolean captured;
  private long amountCaptured;
  private long amountReleased;
  private long amountRefundedByRefunds;
  private String balanceTransaction;
  private String transferId;
  private String applicationFeeId;
  private Long applicationFeeAmount;
  private final List<String> refundIds = new ArrayList<>();

  private Charge(PaymentIntent intent, PaymentMethod paymentMethod, Decline decline, long created,
      Long captureBefore) {
    this.id = Ids.next("ch");
    this.created = created;
    this.amount = intent.amount();
    this.currency = intent.currency();
    this.paymentIntentId = intent.id();
    this.account = intent.account();
    this.connect = intent.connect();
    this.applicationFeeAmount = connect.applicationFeeAmount();
    this.paymentMethod = paymentMethod;
    this.decline = decline;
    this.metadata = intent.metadata();
    this.description = intent.description();
    this.receiptEmail = intent.receiptEmail();
    this.captureBefore = captureBefore;
  }

  /** A successful authorization, captured at once. */
  static Charge captured(PaymentIntent intent, PaymentMethod method, long created) {
    Charge charge = new Charge(intent, method, null, created, null);
    charge.capture(charge.amount);
    return charge;
  }

  /** A successful authorization held for a manual capture, which must come before {@code captureBefore} (unix seconds). */
  static Charge held(PaymentIntent intent, PaymentMethod method, long created, long captureBefore) {
    return new Charge(intent, method, null, created, captureBefore);
  }

  /** A bank debit that is pending until it settles. */
  static Charge pending(PaymentIntent intent, PaymentMethod method, long created) {
    Charge charge = new Charge(intent, method, null, created, null);
    charge.pending = true;
    charge.capture(charge.amount);
    return charge;
  }

  /** A declined attempt. */
  static Charge declined(PaymentIntent intent, PaymentMethod method, Decline decline, long created) {
    return new Charge(intent, method, decline, created, null);
  }

  String id() {
    return id;
  }

  String paymentIntentId() {
    return paymentIntentId;
  }

  String currency() {
    return currency;
  }

  /** The connected account the charge was made as, or null for the platform. */
  String account() {
    return account;
  }

  ConnectTerms connect() {
    return connect;
  }

  long amountCaptured() {
    return amountCaptured;
  }

  /** The Transfer of a destination charge, once captured, or null. */
  String transferId() {
    return transferId;
  }

  /** The ApplicationFee of a destination charge with a fee, once captured, or null. */
  String applicationFeeId() {
    return applicationFeeId;
  }

  /** A captured destination charge moved {@code transfer} to the destination and kept the fee {@code applicationFee} (null for none) of {@code feeAmount}. */
  void transferred(String transfer, String applicationFee, Long feeAmount) {
    transferId = transfer;
    applicationFeeId = applicationFee;
    applicationFeeAmount = feeAmount;
  }

  PaymentMethod paymentMethod() {
    return paymentMethod;
  }

  /** The deadline of a held authorization (unix seconds), or null for a charge captured at once. */
  Long captureBefore() {
    return captureBefore;
  }

  /** Whether this is a held authorization whose deadline the clock has reached ({@code now} in unix seconds). */
  boolean authorizationExpired(long now) {
    return captureBefore != null && now >= captureBefore;
  }

  /** Whether this is an authorization neither captured nor released yet. */
  private boolean awaitingCapture() {
    return captureBefore != null && !captured && amountReleased == 0;
  }

  /** Whether the charge succeeded and was captured, so it can be refunded. */
  boolean refundable() {
    return decline == null && captured && !pending;
  }

  /** A pending bank debit settled: the funds arrived. */
  void settled() {
    pending = false;
  }

  /** A pending bank debit failed. */
  void settlementFailed(Decline failure) {
    pending = false;
    decline = failure;
  }

  /** What refunds may still take back: the captured amount less refunds that have not failed. */
  long unrefunded() {
    return amountCaptured - amountRefundedByRefunds;
  }

  /** Stripe's {@code amount_refunded}: refunds that have not failed, plus any released authorization. */
  long amountRefunded() {
    return amountReleased + amountRefundedByRefunds;
  }

  /** Stripe's {@code refunded}: fully refunded. */
  boolean fullyRefunded() {
    return amountRefunded() > 0 && amountRefunded() == amount;
  }

  List<String> refundIds() {
    return List.copyOf(refundIds);
  }

  /** Captures {@code amountToCapture}; the rest of an authorization is released (refunded). */
  void capture(long amountToCapture) {
    captured = true;
    amountCaptured = amountToCapture;
    amountReleased = amount - amountToCapture;
    balanceTransaction = Ids.next("txn");
  }

  /** Releases an uncaptured authorization, as canceling its PaymentIntent does. */
  void release() {
    amountReleased = amount;
  }

  /** Counts a new refund. */
  void refunded(Refund refund) {
    refundIds.add(refund.id());
    amountRefundedByRefunds += refund.amount();
  }

  /** Gives back a refund that failed. */
  void refundFailed(Refund refund) {
    amountRefundedByRefunds -= refund.amount();
  }

  JsonObject toJson() {
    boolean paid = decline == null && !pending;
    JsonObject json = new JsonObject();
    json.addProperty("id", id);
    json.addProperty("object", "charge");
    json.addProperty("amount", amount);
    json.addProperty("amount_captured", amountCaptured);
    json.addProperty("amount_refunded", amountRefunded());
    json.add("application", JsonNull.INSTANCE);
    json.addProperty("application_fee", applicationFeeId);
    json.addProperty("application_fee_amount", applicationFeeAmount);
    json.addProperty("balance_transaction", balanceTransaction);
    json.add("billing_details", PaymentMethod.billingDetails());
    json.addProperty("calculated_statement_descriptor", "CHECKSTAND");
    json.addProperty("captured", captured);
    json.addProperty("created", created);
    json.addProperty("currency", currency);
    json.add("customer", JsonNull.INSTANCE);
    json.addProperty("description", description);
    json.addProperty("destination", connect.destination());
    json.addProperty("disputed", false);
    json.add("failure_balance_transaction", JsonNull.INSTANCE);
    json.addProperty("failure_code", decline == null ? null : decline.code());
    json.addProperty("failure_message", decline == null ? null : decline.message());
    json.add("fraud_details", new JsonObject());
    json.addProperty("livemode", false);
    json.add("metadata", Json.strings(metadata));
    json.addProperty("on_behalf_of", connect.onBehalfOf());
    json.add("outcome", outcome());
    json.addProperty("paid", paid);
    json.addProperty("payment_intent", paymentIntentId);
    json.addProperty("payment_method", paymentMethod.id());
    json.add("payment_method_details", paymentMethodDetails());
    json.addProperty("receipt_email", receiptEmail);
    json.add("receipt_number", JsonNull.INSTANCE);
    json.add("receipt_url", JsonNull.INSTANCE);
    json.addProperty("refunded", fullyRefunded());
    json.add("review", JsonNull.INSTANCE);
    json.add("shipping", JsonNull.INSTANCE);
    json.add("source_transfer", JsonNull.INSTANCE);
    json.add("statement_descriptor", JsonNull.INSTANCE);
    json.add("statement_descriptor_suffix", JsonNull.INSTANCE);
    json.addProperty("status", pending ? "pending" : paid ? "succeeded" : "failed");
    json.addProperty("transfer", transferId);
    json.add("transfer_data", PaymentIntent.transferData(connect));
    json.addProperty("transfer_group", connect.destinationCharge() ? "group_" + paymentIntentId : null);
    return json;
  }

  /** The method's details; an uncaptured card authorization also shows its {@code capture_before}. */
  private JsonObject paymentMethodDetails() {
    JsonObject details = paymentMethod.chargeDetails();
    if (awaitingCapture() && details.has("card")) {
      details.getAsJsonObject("card").addProperty("capture_before", captureBefore);
    }
    return details;
  }

  private JsonObject outcome() {
    JsonObject outcome = new JsonObject();
    outcome.add("advice_code", JsonNull.INSTANCE);
    outcome.add("network_advice_code", JsonNull.INSTANCE);
    outcome.add("network_decline_code", JsonNull.INSTANCE);
    if (decline == null) {
      outcome.addProperty("network_status", "approved_by_network");
      outcome.add("reason", JsonNull.INSTANCE);
      outcome.addProperty("risk_level", "normal");
      outcome.addProperty("seller_message", "Payment complete.");
      outcome.addProperty("type", "authorized");
    } else {
      outcome.addProperty("network_status", "declined_by_network");
      outcome.addProperty("reason", decline.declineCode());
      outcome.addProperty("risk_level", "normal");
      outcome.addProperty("seller_message", "The bank did not return any further details with this decline.");
      outcome.addProperty("type", "issuer_declined");
    }
    return outcome;
  }
}
