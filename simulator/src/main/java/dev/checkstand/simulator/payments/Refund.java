package dev.checkstand.simulator.payments;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.Json;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A Refund of part or all of a Charge; changed only under its PaymentIntent's lock. */
final class Refund {

  /** Stripe's refund statuses. */
  enum Status {
    PENDING, REQUIRES_ACTION, SUCCEEDED, FAILED, CANCELED;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final String id;
  private final long created;
  private final long amount;
  private final String currency;
  private final String chargeId;
  private final String paymentIntentId;
  private final String account;
  private final String reason;
  private final String balanceTransaction;
  private Map<String, String> metadata;
  private Status status;
  private String failureReason;
  private String failureBalanceTransaction;
  private String transferReversal;

  Refund(Charge charge, long amount, String reason, Map<String, String> metadata, Status status,
      long created) {
    this.id = Ids.next("re");
    this.created = created;
    this.amount = amount;
    this.currency = charge.currency();
    this.chargeId = charge.id();
    this.paymentIntentId = charge.paymentIntentId();
    this.account = charge.account();
    this.reason = reason;
    this.balanceTransaction = Ids.next("txn");
    this.metadata = new LinkedHashMap<>(metadata);
    this.status = status;
  }

  String id() {
    return id;
  }

  long created() {
    return created;
  }

  long amount() {
    return amount;
  }

  String chargeId() {
    return chargeId;
  }

  String paymentIntentId() {
    return paymentIntentId;
  }

  Status status() {
    return status;
  }

  /** The connected account the refund was made as, or null for the platform. */
  String account() {
    return account;
  }

  /** Names the TransferReversal this refund made ({@code reverse_transfer=true}). */
  void reversed(String reversalId) {
    transferReversal = reversalId;
  }

  Map<String, String> metadata() {
    return new LinkedHashMap<>(metadata);
  }

  void setMetadata(Map<String, String> newMetadata) {
    metadata = new LinkedHashMap<>(newMetadata);
  }

  /** Whether the refund can still fail: it is pending or has succeeded. */
  boolean canFail() {
    return status == Status.PENDING || status == Status.SUCCEEDED;
  }

  void succeed() {
    status = Status.SUCCEEDED;
  }

  void fail(String reason) {
    status = Status.FAILED;
    failureReason = reason;
    failureBalanceTransaction = Ids.next("txn");
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject();
    json.addProperty("id", id);
    json.addProperty("object", "refund");
    json.addProperty("amount", amount);
    json.addProperty("balance_transaction", balanceTransaction);
    json.addProperty("charge", chargeId);
    json.addProperty("created", created);
    json.addProperty("currency", currency);
    json.add("destination_details", destinationDetails());
    if (failureReason != null) {
      json.addProperty("failure_balance_transaction", failureBalanceTransaction);
      json.addProperty("failure_reason", failureReason);
    }
    json.add("metadata", Json.strings(metadata));
    json.addProperty("payment_intent", paymentIntentId);
    json.add("payment_method", JsonNull.INSTANCE);
    json.addProperty("pending_reason", status == Status.PENDING ? "processing" : null);
    json.addProperty("reason", reason);
    json.add("receipt_number", JsonNull.INSTANCE);
    json.add("source_transfer_reversal", JsonNull.INSTANCE);
    json.addProperty("status", status.wire());
    json.addProperty("transfer_reversal", transferReversal);
    return json;
  }

  private JsonObject destinationDetails() {
    JsonObject card = new JsonObject();
    card.addProperty("reference", status == Status.SUCCEEDED ? id.substring(3, 15) : null);
    card.addProperty("reference_status", status == Status.SUCCEEDED ? "available" : "pending");
    card.addProperty("reference_type", "acquirer_reference_number");
    card.addProperty("type", "refund");
    JsonObject details = new JsonObject();
    details.add("card", card);
    details.addProperty("type", "card");
    return details;
  }
}
