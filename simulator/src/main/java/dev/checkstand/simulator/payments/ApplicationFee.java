package dev.checkstand.simulator.payments;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.ListQuery;
import java.util.ArrayList;
import java.util.List;

/** The platform's fee on a captured destination charge; changed only under its PaymentIntent's lock. */
final class ApplicationFee {

  private final String id;
  private final long created;
  private final long amount;
  private final String currency;
  private final String account;
  private final String application;
  private final String chargeId;
  private final String paymentIntentId;
  private final String balanceTransaction;
  private final List<FeeRefund> refunds = new ArrayList<>();

  ApplicationFee(Charge charge, long amount, String application, long created) {
    this.id = Ids.next("fee");
    this.created = created;
    this.amount = amount;
    this.currency = charge.currency();
    this.account = charge.connect().destination();
    this.application = application;
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

  String chargeId() {
    return chargeId;
  }

  String paymentIntentId() {
    return paymentIntentId;
  }

  long amountRefunded() {
    return refunds.stream().mapToLong(FeeRefund::amount).sum();
  }

  /** Gives {@code refunded} of the fee back to the destination; returns the {@code fr_} id. */
  String refund(long refunded, long now) {
    FeeRefund refund = new FeeRefund(Ids.next("fr"), refunded, now, Ids.next("txn"));
    refunds.add(refund);
    return refund.id();
  }

  JsonObject toJson() {
    long refunded = amountRefunded();
    JsonObject json = new JsonObject();
    json.addProperty("id", id);
    json.addProperty("object", "application_fee");
    json.addProperty("account", account);
    json.addProperty("amount", amount);
    json.addProperty("amount_refunded", refunded);
    json.addProperty("application", application);
    json.addProperty("balance_transaction", balanceTransaction);
    json.addProperty("charge", chargeId);
    json.addProperty("created", created);
    json.addProperty("currency", currency);
    JsonObject source = new JsonObject();
    source.addProperty("charge", chargeId);
    source.addProperty("type", "charge");
    json.add("fee_source", source);
    json.addProperty("livemode", false);
    json.add("originating_transaction", JsonNull.INSTANCE);
    json.addProperty("refunded", refunded > 0 && refunded == amount);
    List<JsonObject> data = new ArrayList<>();
    for (FeeRefund refund : refunds) {
      data.add(0, refund.toJson(this));
    }
    JsonObject list = ListQuery.render("/v1/application_fees/" + id + "/refunds", data, false);
    list.addProperty("total_count", refunds.size());
    json.add("refunds", list);
    return json;
  }

  private record FeeRefund(String id, long amount, long created, String balanceTransaction) {

    JsonObject toJson(ApplicationFee fee) {
      JsonObject json = new JsonObject();
      json.addProperty("id", id);
      json.addProperty("object", "fee_refund");
      json.addProperty("amount", amount);
      json.addProperty("balance_transaction", balanceTransaction);
      json.addProperty("created", created);
      json.addProperty("currency", fee.currency);
      json.addProperty("fee", fee.id);
      json.add("metadata", new JsonObject());
      return json;
    }
  }
}
