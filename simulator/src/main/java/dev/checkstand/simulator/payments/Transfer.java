package dev.checkstand.simulator.payments;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.Ids;

/** The Transfer a captured destination charge makes to its destination; changed only under its PaymentIntent's lock. */
final class Transfer extends ChargeShare<Transfer.Reversal> {

  private final String destinationPayment;

  Transfer(Charge charge, long amount, long created) {
    super("tr", charge, amount, created);
    this.destinationPayment = Ids.next("py");
  }

  String destination() {
    return account();
  }

  long amountReversed() {
    return amountReturned();
  }

  /** Takes {@code reversed} back from the destination for refund {@code refundId}; returns the {@code trr_} id. */
  String reverse(long reversed, String refundId, long now) {
    return add(new Reversal(Ids.next("trr"), reversed, now, refundId, Ids.next("txn"), Ids.next("pyr")));
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject();
    json.addProperty("id", id());
    json.addProperty("object", "transfer");
    json.addProperty("amount", amount());
    json.addProperty("amount_reversed", amountReversed());
    json.addProperty("balance_transaction", balanceTransaction());
    json.addProperty("created", created());
    json.addProperty("currency", currency());
    json.add("description", JsonNull.INSTANCE);
    json.addProperty("destination", destination());
    json.addProperty("destination_payment", destinationPayment);
    json.addProperty("livemode", false);
    json.add("metadata", new JsonObject());
    json.add("reversals", returnedList("/v1/transfers/" + id() + "/reversals", reversal -> reversal.toJson(this)));
    json.addProperty("reversed", allReturned());
    json.addProperty("source_transaction", chargeId());
    json.addProperty("source_type", "card");
    json.addProperty("transfer_group", "group_" + paymentIntentId());
    return json;
  }

  record Reversal(String id, long amount, long created, String sourceRefund, String balanceTransaction,
      String destinationPaymentRefund) implements ChargeShare.Returned {

    JsonObject toJson(Transfer transfer) {
      JsonObject json = new JsonObject();
      json.addProperty("id", id);
      json.addProperty("object", "transfer_reversal");
      json.addProperty("amount", amount);
      json.addProperty("balance_transaction", balanceTransaction);
      json.addProperty("created", created);
      json.addProperty("currency", transfer.currency());
      json.addProperty("destination_payment_refund", destinationPaymentRefund);
      json.add("metadata", new JsonObject());
      json.addProperty("source_refund", sourceRefund);
      json.addProperty("transfer", transfer.id());
      return json;
    }
  }
}
