package dev.checkstand.simulator.payments;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.ListQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * A part of a captured destination charge that is owed elsewhere — the transfer to the destination account, or the
 * platform's application fee — and the parts of it refunds took back since, each its own object ({@code P}). Changed
 * only under its PaymentIntent's lock.
 */
abstract class ChargeShare<P extends ChargeShare.Returned> {

  /** A part taken back by a refund: a transfer reversal, an application fee refund. */
  interface Returned {

    String id();

    long amount();
  }

  private final String id;
  private final long created;
  private final long amount;
  private final String currency;
  private final String account;
  private final String chargeId;
  private final String paymentIntentId;
  private final String balanceTransaction;
  private final List<P> returned = new ArrayList<>();

  ChargeShare(String idPrefix, Charge charge, long amount, long created) {
    this.id = Ids.next(idPrefix);
    this.created = created;
    this.amount = amount;
    this.currency = charge.currency();
    this.account = charge.connect().destination();
    this.chargeId = charge.id();
    this.paymentIntentId = charge.paymentIntentId();
    this.balanceTransaction = Ids.next("txn");
  }

  final String id() {
    return id;
  }

  final long created() {
    return created;
  }

  final long amount() {
    return amount;
  }

  final String currency() {
    return currency;
  }

  /** The connected account: the transfer's destination, the account the fee was taken from. */
  final String account() {
    return account;
  }

  final String chargeId() {
    return chargeId;
  }

  final String paymentIntentId() {
    return paymentIntentId;
  }

  final String balanceTransaction() {
    return balanceTransaction;
  }

  /** What refunds took back of it so far. */
  final long amountReturned() {
    return returned.stream().mapToLong(Returned::amount).sum();
  }

  /** Whether refunds took all of it back. */
  final boolean allReturned() {
    long sum = amountReturned();
    return sum > 0 && sum == amount;
  }

  /** Records a part taken back; returns its id. */
  final String add(P part) {
    returned.add(part);
    return part.id();
  }

  /** The parts taken back as Stripe's list at {@code path}, newest first, with their count. */
  final JsonObject returnedList(String path, java.util.function.Function<P, JsonObject> json) {
    List<JsonObject> data = new ArrayList<>();
    for (P part : returned) {
      data.add(0, json.apply(part));
    }
    JsonObject list = ListQuery.render(path, data, false);
    list.addProperty("total_count", returned.size());
    return list;
  }
}
