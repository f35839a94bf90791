package dev.checkstand.simulator.payments;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.ListQuery;
import java.util.ArrayList;
import java.util.List;

/** The Transfer a captured destination charge makes to its destination; changed only under its PaymentIntent's lock. */
final class Transfer {

  private final String id;
  private final long created;
  private final long amount;
  private final String currency;
  private final String destination;
  private final String destinationPayment;
  private final String chargeId;
  private final String paymentIntentId;
  private final String balanceTransaction;
  private final List<Reversal> reversals = new ArrayList<>();

  Transfer(Charge charge, long amount, long created) {
    this.id = Ids.next("tr");
    this.created = created;
    this.amount = amount;
    this.currency = charge.currency();
    this.destination = charge.connect().destination();
    this.destinationPayment = Ids.next("py");
    this.chargeId = charge.id();
    this.paymentIntentId = charge.paymentIntentId();
    this.balanceTransaction = Ids.next("txn");
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

  String destination() {
    return destination;
  }

  String paymentIntentId() {
    return paymentIntentId;
  }

  long amountReversed() {
    return reversals.stream().mapToLong(Reversal::amount).sum();
  }

  /** Takes {@code reversed} back from the destination for refund {@code refundId}; returns the {@code trr_} id. */
  String reverse(long reversed, String refundId, long now) {
    Reversal reversal = new Reversal(Ids.next("trr"), reversed, now, refundId, Ids.next("txn"),
        Ids.next("pyr"));
    reversals.add(reversal);
    return reversal.id();
  }

  /** Stripe's {@code transfer_reversal} objects, newest first. */
  List<JsonObject> reversalsJson() {
    List<JsonObject> data = new ArrayList<>();
    for (Reversal reversal : reversals) {
      data.add(0, reversal.toJson(this));
    }
    return data;
  }

  JsonObject toJson() {
    long reversed = amountReversed();
    JsonObject json = new JsonObject();
    json.addProperty("id", id);
    json.addProperty("object", "transfer");
    json.addProperty("amount", amount);
    json.addProperty("amount_reversed", reversed);
    json.addProperty("balance_transaction", balanceTransaction);
    json.addProperty("created", created);
    json.addProperty("currency", currency);
    json.add("description", JsonNull.INSTANCE);
    json.addProperty("destination", destination);
    json.addProperty("destination_payment", destinationPayment);
    json.addProperty("livemode", false);
    json.add("metadata", new JsonObject());
    JsonObject list = ListQuery.render("/v1/transfers/" + id + "/reversals", reversalsJson(), false);
    list.addProperty("total_count", reversals.size());
    json.add("reversals", list);
    json.addProperty("reversed", reversed > 0 && reversed == amount);
    json.addProperty("source_transaction", chargeId);
    json.addProperty("source_type", "card");
    json.addProperty("transfer_group", "group_" + paymentIntentId);
    return json;
  }

  private record Reversal(String id, long amount, long created, String sourceRefund,
      String balanceTransaction, String destinationPaymentRefund) {

    JsonObject toJson(Transfer transfer) {
      JsonObject json = new JsonObject();
      json.addProperty("id", id);
      json.addProperty("object", "transfer_reversal");
      json.addProperty("amount", amount);
      json.addProperty("balance_transaction", balanceTransaction);
      json.addProperty("created", created);
      json.addProperty("currency", transfer.currency);
      json.addProperty("destination_payment_refund", destinationPaymentRefund);
      json.add("metadata", new JsonObject());
      json.addProperty("source_refund", sourceRefund);
      json.addProperty("transfer", transfer.id);
      return json;
    }
  }
}
