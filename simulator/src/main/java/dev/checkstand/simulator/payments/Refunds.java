package dev.checkstand.simulator.payments;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.Amounts;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.Json;
import dev.checkstand.simulator.api.ListQuery;
import dev.checkstand.simulator.api.ObjectStore;
import dev.checkstand.simulator.api.RequestContext;
import dev.checkstand.simulator.clock.Timeline;
import dev.checkstand.simulator.events.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Refunds of captured Charges: creation with Stripe's refusals, later success or failure, and their events. */
final class Refunds {

  private final Events events;
  private final Timeline timeline;
  private final Duration settlementDelay;
  private final PaymentIntents intents;
  private final DestinationCharges destinations;
  private final ObjectStore<Refund> refunds;

  Refunds(Events events, Timeline timeline, Duration settlementDelay, PaymentIntents intents,
      DestinationCharges destinations, int capacity) {
    this.events = events;
    this.timeline = timeline;
    this.settlementDelay = settlementDelay;
    this.intents = intents;
    this.destinations = destinations;
    this.refunds = new ObjectStore<>(capacity);
  }

  /**
   * Refunds {@code amount} (null: all that is left) of a PaymentIntent's charge or of a Charge (one of the two ids may
   * be null), made as {@code account} (null: the platform); {@code reverseTransfer} and {@code refundApplicationFee}
   * take the same fraction back from a destination charge's Transfer and ApplicationFee.
   */
  JsonObject create(String intentId, String chargeId, Long amount, String reason,
      Map<String, String> metadata, String account, boolean reverseTransfer,
      boolean refundApplicationFee, RequestContext context) {
    PaymentIntent intent = intentOf(intentId, chargeId, account);
    return intent.locked(() -> {
      Charge charge = chargeId != null ? intents.findCharge(chargeId).orElseThrow()
          : intent.latestCharge() == null ? null : intents.findCharge(intent.latestCharge()).orElseThrow();
      if (charge == null || !charge.refundable()) {
        throw chargeId != null
            ? ApiError.invalidRequest("Charge " + chargeId + " has not been captured and cannot be"
                + " refunded.", "charge", null)
            : ApiError.invalidRequest("This PaymentIntent (" + intent.id() + ") does not have a"
                + " successful charge to refund.", "payment_intent", null);
      }
      if (charge.unrefunded() == 0) {
        throw ApiError.invalidRequest("Charge " + charge.id() + " has already been refunded.",
            chargeId != null ? "charge" : "payment_intent", "charge_already_refunded");
      }
      long refundAmount = amount == null ? charge.unrefunded() : amount;
      if (refundAmount > charge.unrefunded()) {
        throw ApiError.invalidRequest("Refund amount (" + Amounts.money(refundAmount, charge.currency())
            + ") is greater than unrefunded amount on charge ("
            + Amounts.money(charge.unrefunded(), charge.currency()) + ")", "amount", "amount_too_large");
      }
      destinations.checkRefundFlags(charge, reverseTransfer, refundApplicationFee);
      TestPaymentMethod.RefundBehaviour behaviour = charge.paymentMethod().test().refunds();
      Refund refund = new Refund(charge, refundAmount, reason, metadata,
          behaviour == TestPaymentMethod.RefundBehaviour.PENDING_THEN_SUCCEEDS
              ? Refund.Status.PENDING : Refund.Status.SUCCEEDED,
          timeline.clock().epochSecond());
      JsonObject chargeBefore = charge.toJson();
      charge.refunded(refund);
      refunds.add(refund.id(), refund);
      DestinationCharges.TakenBack takenBack = destinations.refunded(charge, refund,
          reverseTransfer, refundApplicationFee);
      JsonObject snapshot = refund.toJson();
      events.record("refund.created", snapshot, context);
      JsonObject chargeAfter = charge.toJson();
      events.record("charge.refunded", chargeAfter, context, Json.previous(chargeBefore, chargeAfter));
      destinations.announce(takenBack, context);
      scheduleLaterOutcome(refund.id(), behaviour);
      return snapshot;
    });
  }

  /** A refund by id; 404 if unknown. */
  Refund find(String id) {
    return refunds.find(id).orElseThrow(() -> ApiError.noSuchObject("refund", id));
  }

  /** A refund by id, if kept. */
  Optional<Refund> lookup(String id) {
    return refunds.find(id);
  }

  /** A refund by id made as {@code account} (null: the platform); 404 for another account's. */
  Refund find(String id, String account) {
    return refunds.find(id).filter(refund -> Objects.equals(account, refund.account()))
        .orElseThrow(() -> ApiError.noSuchObject("refund", id));
  }

  /** A consistent snapshot of a refund. */
  JsonObject snapshot(Refund refund) {
    return intents.find(refund.paymentIntentId()).locked(refund::toJson);
  }

  /** Runs {@code action} under the lock of the refund's PaymentIntent. */
  <T> T locked(Refund refund, Supplier<T> action) {
    return intents.find(refund.paymentIntentId()).locked(action);
  }

  ObjectStore.Page<Refund> page(ListQuery query, Predicate<Refund> filter) {
    return refunds.page(query, filter, "refund");
  }

  /** Fails a pending or succeeded refund: the charge gets the amount back as refundable; IllegalStateException otherwise. */
  void fail(String refundId, String failureReason, RequestContext context) {
    Refund refund = find(refundId);
    locked(refund, () -> {
      if (!refund.canFail()) {
        throw new IllegalStateException("Refund " + refundId + " is " + refund.status().wire()
            + "; only a pending or succeeded refund can fail.");
      }
      Charge charge = intents.findCharge(refund.chargeId()).orElseThrow();
      JsonObject before = refund.toJson();
      refund.fail(failureReason);
      charge.refundFailed(refund);
      JsonObject after = refund.toJson();
      JsonObject previous = Json.previous(before, after);
      events.record("refund.updated", after, context, previous);
      events.record("refund.failed", after.deepCopy(), context, previous.deepCopy());
      events.record("charge.refund.updated", after.deepCopy(), context, previous.deepCopy());
      return null;
    });
  }

  void reset() {
    refunds.clear();
  }

  private PaymentIntent intentOf(String intentId, String chargeId, String account) {
    if (chargeId != null) {
      Charge charge = intents.findCharge(chargeId)
          .filter(found -> Objects.equals(account, found.account()))
          .orElseThrow(() -> ApiError.noSuchReference("charge", chargeId, "charge"));
      if (intentId != null && !intentId.equals(charge.paymentIntentId())) {
        throw ApiError.invalidRequest("The charge " + chargeId + " does not belong to the"
            + " PaymentIntent " + intentId + ".", "payment_intent", null);
      }
      return intents.find(charge.paymentIntentId());
    }
    try {
      return intents.find(intentId, account);
    } catch (ApiError missing) {
      throw ApiError.noSuchReference("payment_intent", intentId, "payment_intent");
    }
  }

  private void scheduleLaterOutcome(String refundId, TestPaymentMethod.RefundBehaviour behaviour) {
    Instant due = timeline.clock().instant().plus(settlementDelay);
    if (behaviour == TestPaymentMethod.RefundBehaviour.PENDING_THEN_SUCCEEDS) {
      timeline.at(due, () -> succeedPending(refundId), () -> refunds.find(refundId).isPresent());
    } else if (behaviour == TestPaymentMethod.RefundBehaviour.SUCCEEDS_THEN_FAILS) {
      timeline.at(due, () -> refunds.find(refundId).filter(refund -> locked(refund, refund::canFail))
          .ifPresent(refund -> fail(refundId, "expired_or_canceled_card", RequestContext.automatic())),
          () -> refunds.find(refundId).isPresent());
    }
  }

  private void succeedPending(String refundId) {
    refunds.find(refundId).ifPresent(refund -> locked(refund, () -> {
      if (refund.status() == Refund.Status.PENDING) {
        JsonObject before = refund.toJson();
        refund.succeed();
        JsonObject after = refund.toJson();
        JsonObject previous = Json.previous(before, after);
        RequestContext context = RequestContext.automatic();
        events.record("refund.updated", after, context, previous);
        events.record("charge.refund.updated", after.deepCopy(), context, previous.deepCopy());
      }
      return null;
    }));
  }
}
