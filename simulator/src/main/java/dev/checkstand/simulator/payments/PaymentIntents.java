package dev.checkstand.simulator.payments;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.Json;
import dev.checkstand.simulator.api.ListQuery;
import dev.checkstand.simulator.api.Metadata;
import dev.checkstand.simulator.api.ObjectStore;
import dev.checkstand.simulator.api.RequestContext;
import dev.checkstand.simulator.events.Events;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** PaymentIntents and their Charges: every operation runs under the PaymentIntent's lock and records its events. */
final class PaymentIntents {

  private final Clock clock;
  private final Events events;
  private final Charging charging;
  private final ObjectStore<PaymentIntent> intents;

  PaymentIntents(Clock clock, Events events, Charging charging, int capacity) {
    this.clock = clock;
    this.events = events;
    this.charging = charging;
    this.intents = new ObjectStore<>(capacity);
  }

  /** Creates a PaymentIntent, attaching and confirming it when asked; returns its snapshot. */
  JsonObject create(NewPaymentIntent spec, PaymentMethod method, boolean confirm, String returnUrl,
      RequestContext context) {
    PaymentIntent intent = new PaymentIntent(spec, now());
    return intent.locked(() -> {
      intents.add(intent.id(), intent);
      intent.returnTo(returnUrl);
      if (method != null) {
        intent.attach(method);
      }
      events.record("payment_intent.created", intent.toJson(), context);
      if (confirm) {
        return confirmLocked(intent, context);
      }
      return intent.toJson();
    });
  }

  /** The PaymentIntent with this id; 404 if there is none. */
  PaymentIntent find(String id) {
    return intents.find(id).orElseThrow(() -> ApiError.noSuchObject("payment_intent", id));
  }

  /** The PaymentIntent with this id, if kept. */
  Optional<PaymentIntent> lookup(String id) {
    return intents.find(id);
  }

  /** The PaymentIntent with this id made as {@code account} (null: the platform); 404 for another account's, as if there were none. */
  PaymentIntent find(String id, String account) {
    return intents.find(id).filter(intent -> Objects.equals(account, intent.account()))
        .orElseThrow(() -> ApiError.noSuchObject("payment_intent", id));
  }

  /** A consistent snapshot of a PaymentIntent. */
  JsonObject snapshot(PaymentIntent intent) {
    return intent.locked(intent::toJson);
  }

  /** Applies an update; see {@link PaymentIntent#changePayment} for what is refused after payment. */
  JsonObject update(PaymentIntent intent, PaymentIntentChanges changes) {
    return intent.locked(() -> {
      if (changes.transferAmount() != null || changes.applicationFeeAmount() != null
          || changes.amount() != null && !intent.connect().equals(ConnectTerms.NONE)) {
        ConnectTerms terms = intent.connect().withAmounts(
            changes.transferAmount() != null ? changes.transferAmount() : intent.connect().transferAmount(),
            changes.applicationFeeAmount() != null ? changes.applicationFeeAmount()
                : intent.connect().applicationFeeAmount());
        if (changes.transferAmount() != null && !terms.destinationCharge()) {
          throw ApiError.invalidRequest("transfer_data[amount] can only be set on a PaymentIntent"
              + " created with transfer_data[destination].", "transfer_data[amount]", null);
        }
        charging.destinations().checkAmounts(terms,
            changes.amount() != null ? changes.amount() : intent.amount(),
            changes.currency() != null ? changes.currency() : intent.currency(), intent.account(), null);
        if (changes.transferAmount() != null || changes.applicationFeeAmount() != null) {
          intent.changeConnectAmounts(terms);
        }
      }
      intent.changePayment(changes.amount(), changes.currency(), changes.captureMethod(),
          changes.paymentMethodTypes());
      if (changes.paymentMethod() != null) {
        intent.attach(changes.paymentMethod());
      }
      intent.describe(changes.description(), changes.receiptEmail(),
          Metadata.apply(intent.metadata(), changes.metadata()));
      return intent.toJson();
    });
  }

  /** Confirms with {@code method}, or with the attached method when it is null. */
  JsonObject confirm(PaymentIntent intent, PaymentMethod method, String returnUrl,
      RequestContext context) {
    return intent.locked(() -> {
      intent.requireConfirmable();
      charging.destinations().requireChargeable(intent);
      intent.returnTo(returnUrl);
      if (method != null) {
        intent.attach(method);
      }
      return confirmLocked(intent, context);
    });
  }

  /** Captures a manual-capture PaymentIntent, in full when {@code amountToCapture} is null. */
  JsonObject capture(PaymentIntent intent, Long amountToCapture, RequestContext context) {
    return intent.locked(() -> {
      long amount = amountToCapture == null ? intent.amount() : amountToCapture;
      intent.requireCapturable();
      Charge charge = charging.latest(intent);
      intent.capture(amount, charge, now());
      JsonObject before = charge.toJson();
      charge.capture(amount);
      DestinationCharges.Moved moved = charging.destinations().captured(charge);
      JsonObject after = charge.toJson();
      events.record("charge.captured", after, context, Json.previous(before, after));
      charging.destinations().announce(moved, context);
      JsonObject snapshot = intent.toJson();
      events.record("payment_intent.succeeded", snapshot, context);
      return snapshot;
    });
  }

  /** Cancels, releasing an uncaptured authorization; {@code fromApi} refuses Checkout's PaymentIntents. */
  JsonObject cancel(PaymentIntent intent, String reason, boolean fromApi, RequestContext context) {
    return intent.locked(() -> {
      if (fromApi) {
        intent.requireCancelableThroughApi();
      }
      boolean authorized = intent.status() == PaymentIntent.Status.REQUIRES_CAPTURE;
      intent.cancel(reason, now());
      if (authorized) {
        Charge charge = charging.latest(intent);
        charge.release();
        events.record("charge.refunded", charge.toJson(), context);
      }
      JsonObject snapshot = intent.toJson();
      events.record("payment_intent.canceled", snapshot, context);
      return snapshot;
    });
  }

  /** A page of PaymentIntents, newest first. */
  ObjectStore.Page<PaymentIntent> page(ListQuery query, Predicate<PaymentIntent> filter) {
    return intents.page(query, filter, "payment_intent");
  }

  /** A Charge by id; read and change it only under its PaymentIntent's lock. */
  Optional<Charge> findCharge(String id) {
    return charging.find(id);
  }

  /** A Charge's snapshot, taken under its PaymentIntent's lock. */
  Optional<JsonObject> charge(String id) {
    return charging.find(id).map(charge -> find(charge.paymentIntentId()).locked(charge::toJson));
  }

  /** A Charge's snapshot if it was made as {@code account} (null: the platform). */
  Optional<JsonObject> charge(String id, String account) {
    return charging.find(id).filter(charge -> Objects.equals(account, charge.account()))
        .flatMap(charge -> charge(id));
  }

  void reset() {
    intents.clear();
    charging.reset();
  }

  private JsonObject confirmLocked(PaymentIntent intent, RequestContext context) {
    return charging.confirm(intent, context);
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }
}
