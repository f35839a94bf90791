package dev.checkstand.simulator.payments;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.Ids;

/** The platform's fee on a captured destination charge; changed only under its PaymentIntent's lock. */
final class ApplicationFee extends ChargeShare<ApplicationFee.FeeRefund> {

  private final String application;

  ApplicationFee(Charge charge, long amount, String application, long created) {
    super("fee", charge, amount, created);
    this.application = application;
  }

  long amountRefunded() {
    return amountReturned();
  }

  /** Gives {@code refunded} of the fee back to the destination; returns the {@code fr_} id. */
  String refund(long refunded, long now) {
    return add(new FeeRefund(Ids.next("fr"), refunded, now, Ids.next("txn")));
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject();
    json.addProperty("id", id());
    json.addProperty("object", "application_fee");
    json.addProperty("account", account());
    json.addProperty("amount", amount());
    json.addProperty("amount_refunded", amountRefunded());
    json.addProperty("application", application);
    json.addProperty("balance_transaction", balanceTransaction());
    json.addProperty("charge", chargeId());
    json.addProperty("created", created());
    json.addProperty("currency", currency());
    JsonObject source = new JsonObject();
    source.addProperty("charge", chargeId());
    source.addProperty("type", "charge");
    json.add("fee_source", source);
    json.addProperty("livemode", false);
    json.add("originating_transaction", JsonNull.INSTANCE);
    json.addProperty("refunded", allReturned());
    json.add("refunds", returnedList("/v1/application_fees/" + id() + "/refunds", refund -> refund.toJson(this)));
    return json;
  }

  record FeeRefund(String id, long amount, long created, String balanceTransaction) implements ChargeShare.Returned {

    JsonObject toJson(ApplicationFee fee) {
      JsonObject json = new JsonObject();
      json.addProperty("id", id);
      json.addProperty("object", "fee_refund");
      json.addProperty("amount", amount);
      json.addProperty("balance_transaction", balanceTransaction);
      json.addProperty("created", created);
      json.addProperty("currency", fee.currency());
      json.addProperty("fee", fee.id());
      json.add("metadata", new JsonObject());
      return json;
    }
  }
}
