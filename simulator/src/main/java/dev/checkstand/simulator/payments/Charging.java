package dev.checkstand.simulator.payments;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.ObjectStore;
import dev.checkstand.simulator.api.RequestContext;
import dev.checkstand.simulator.clock.Timeline;
import dev.checkstand.simulator.events.Events;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** What confirming does with each test method (charge, ask for 3-D Secure, start a bank debit), and how authentication and settlement end. */
final class Charging {

  private static final Decline DEBIT_FAILED = new Decline("payment_method_provider_decline", null,
      "The payment was declined by the customer's bank.");

  private final Events events;
  private final Timeline timeline;
  private final Duration settlementDelay;
  private final Supplier<String> baseUrl;
  private final Authorizations authorizations;
  private final DestinationCharges destinations;
  private final ObjectStore<Charge> charges;
  private final List<PaymentListener> listeners = new CopyOnWriteArrayList<>();

  Charging(Events events, Timeline timeline, Duration settlementDelay, Supplier<String> baseUrl,
      Authorizations authorizations, DestinationCharges destinations, int capacity) {
    this.events = events;
    this.timeline = timeline;
    this.settlementDelay = settlementDelay;
    this.baseUrl = baseUrl;
    this.authorizations = authorizations;
    this.destinations = destinations;
    this.charges = new ObjectStore<>(capacity);
  }

  DestinationCharges destinations() {
    return destinations;
  }

  void addListener(PaymentListener listener) {
    listeners.add(listener);
  }

  Optional<Charge> find(String id) {
    return charges.find(id);
  }

  /** The PaymentIntent's latest charge; call under its lock. */
  Charge latest(PaymentIntent intent) {
    return charges.find(intent.latestCharge()).orElseThrow();
  }

  void reset() {
    charges.clear();
  }

  /** Confirms a locked PaymentIntent with its attached method; a decline throws the 402. */
  JsonObject confirm(PaymentIntent intent, RequestContext context) {
    intent.requirePaymentMethod();
    PaymentMethod method = intent.paymentMethod();
    switch (method.test().flow()) {
      case AUTHENTICATE:
        if (!intent.authenticated()) {
          intent.requiresAction(nextAction(intent));
          JsonObject snapshot = intent.toJson();
          events.record("payment_intent.requires_action", snapshot, context);
          return snapshot;
        }
        return charge(intent, method, context);
      case SETTLES_LATER:
      case STAYS_PROCESSING:
        return startDebit(intent, method, context);
      default:
        return charge(intent, method, context);
    }
  }

  /** Completes or fails a 3-D Secure challenge, as the customer does on the challenge page. */
  JsonObject authenticate(PaymentIntent intent, boolean succeed, RequestContext context) {
    JsonObject snapshot = intent.locked(() -> {
      intent.requireAction();
      if (!succeed) {
        intent.authenticationFailed(authenticationError(intent.paymentMethod()));
        JsonObject failed = intent.toJson();
        events.record("payment_intent.payment_failed", failed, context);
        return failed;
      }
      intent.authenticationSucceeded();
      if (intent.status() == PaymentIntent.Status.REQUIRES_CONFIRMATION) {
        return intent.toJson();
      }
      try {
        return charge(intent, intent.paymentMethod(), context);
      } catch (ApiError declined) {
        return intent.toJson();
      }
    });
    notifyListeners(intent, snapshot, context);
    return snapshot;
  }

  /** Settles a processing bank debit: succeeded, or failed back to requires_payment_method. */
  JsonObject settle(PaymentIntent intent, boolean succeed, RequestContext context) {
    JsonObject snapshot = intent.locked(() -> {
      intent.requireProcessing();
      Charge charge = latest(intent);
      if (succeed) {
        charge.settled();
        intent.authorized(charge);
        DestinationCharges.Moved moved = destinations.captured(charge);
        events.record("charge.succeeded", charge.toJson(), context);
        destinations.announce(moved, context);
        JsonObject settled = intent.toJson();
        events.record("payment_intent.succeeded", settled, context);
        return settled;
      }
      Decline failure = intent.paymentMethod().test().decline().orElse(DEBIT_FAILED);
      charge.settlementFailed(failure);
      JsonObject error = ApiError.error("invalid_request_error", failure.code(), failure.message(), null);
      error.addProperty("charge", charge.id());
      error.add("payment_method", intent.paymentMethod().toJson());
      intent.declined(charge, error);
      events.record("charge.failed", charge.toJson(), context);
      JsonObject failed = intent.toJson();
      events.record("payment_intent.payment_failed", failed, context);
      return failed;
    });
    notifyListeners(intent, snapshot, context);
    return snapshot;
  }

  private JsonObject charge(PaymentIntent intent, PaymentMethod method, RequestContext context) {
    long now = timeline.clock().epochSecond();
    Optional<Decline> decline = method.test().decline();
    if (decline.isPresent()) {
      Charge charge = Charge.declined(intent, method, decline.get(), now);
      charges.add(charge.id(), charge);
      JsonObject error = ApiError.error("card_error", decline.get().code(), decline.get().message(), null);
      error.addProperty("charge", charge.id());
      error.addProperty("decline_code", decline.get().declineCode());
      error.add("payment_method", method.toJson());
      intent.declined(charge, error);
      events.record("charge.failed", charge.toJson(), context);
      JsonObject snapshot = intent.toJson();
      events.record("payment_intent.payment_failed", snapshot, context);
      throw ApiError.card(error, snapshot);
    }
    Charge charge = intent.capturesManually()
        ? Charge.held(intent, method, now, authorizations.captureBefore(now))
        : Charge.captured(intent, method, now);
    charges.add(charge.id(), charge);
    intent.authorized(charge);
    DestinationCharges.Moved moved = null;
    if (intent.capturesManually()) {
      authorizations.watch(intent, charge, () -> charges.find(charge.id()).isPresent());
    } else {
      moved = destinations.captured(charge);
    }
    events.record("charge.succeeded", charge.toJson(), context);
    destinations.announce(moved, context);
    JsonObject snapshot = intent.toJson();
    events.record(intent.capturesManually()
        ? "payment_intent.amount_capturable_updated" : "payment_intent.succeeded", snapshot, context);
    return snapshot;
  }

  private JsonObject startDebit(PaymentIntent intent, PaymentMethod method, RequestContext context) {
    Charge charge = Charge.pending(intent, method, timeline.clock().epochSecond());
    charges.add(charge.id(), charge);
    intent.processing(charge);
    events.record("charge.pending", charge.toJson(), context);
    JsonObject snapshot = intent.toJson();
    events.record("payment_intent.processing", snapshot, context);
    if (method.test().flow() == TestPaymentMethod.Flow.SETTLES_LATER) {
      boolean succeeds = method.test().decline().isEmpty();
      timeline.at(timeline.clock().instant().plus(settlementDelay), () -> {
        boolean due = intent.locked(() -> intent.status() == PaymentIntent.Status.PROCESSING
            && charge.id().equals(intent.latestCharge()));
        if (due) {
          settle(intent, succeeds, RequestContext.automatic());
        }
      }, () -> charges.find(charge.id()).isPresent());
    }
    return snapshot;
  }

  /** Stripe's next action: a redirect when the confirmation gave a {@code return_url}, else for Stripe.js. */
  private JsonObject nextAction(PaymentIntent intent) {
    String url = baseUrl.get() + ThreeDSecurePage.PATH + intent.id();
    JsonObject action = new JsonObject();
    if (intent.returnUrl() != null) {
      JsonObject redirect = new JsonObject();
      redirect.addProperty("return_url", intent.returnUrl());
      redirect.addProperty("url", url);
      action.add("redirect_to_url", redirect);
      action.addProperty("type", "redirect_to_url");
    } else {
      JsonObject sdk = new JsonObject();
      sdk.addProperty("source", Ids.next("src"));
      sdk.addProperty("stripe_js", url);
      sdk.addProperty("type", "three_d_secure_redirect");
      action.addProperty("type", "use_stripe_sdk");
      action.add("use_stripe_sdk", sdk);
    }
    return action;
  }

  private static JsonObject authenticationError(PaymentMethod method) {
    JsonObject error = ApiError.error("invalid_request_error", "payment_intent_authentication_failure",
        "The provided PaymentMethod has failed authentication. You can provide payment_method_data"
            + " or a new PaymentMethod to attempt to fulfill this PaymentIntent again.", null);
    error.add("payment_method", method.toJson());
    return error;
  }

  private void notifyListeners(PaymentIntent intent, JsonObject snapshot, RequestContext context) {
    String status = snapshot.get("status").getAsString();
    for (PaymentListener listener : listeners) {
      listener.paymentChanged(intent.id(), intent.checkoutSession(), status, context);
    }
  }
}
