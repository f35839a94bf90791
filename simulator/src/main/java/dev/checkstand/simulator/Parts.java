package dev.checkstand.simulator;

import dev.checkstand.simulator.api.Router;
import dev.checkstand.simulator.checkout.CheckoutEndpoints;
import dev.checkstand.simulator.checkout.CheckoutSessions;
import dev.checkstand.simulator.clock.SimClock;
import dev.checkstand.simulator.clock.Timeline;
import dev.checkstand.simulator.connect.AccountEndpoints;
import dev.checkstand.simulator.connect.AccountLinks;
import dev.checkstand.simulator.connect.Accounts;
import dev.checkstand.simulator.events.EventEndpoints;
import dev.checkstand.simulator.events.Events;
import dev.checkstand.simulator.http.ApiHandler;
import dev.checkstand.simulator.http.ApiKeys;
import dev.checkstand.simulator.http.CallCounts;
import dev.checkstand.simulator.idempotency.IdempotencyKeys;
import dev.checkstand.simulator.payments.PaymentEndpoints;
import dev.checkstand.simulator.payments.Payments;
import dev.checkstand.simulator.payments.RefundEndpoints;
import dev.checkstand.simulator.payments.TransferEndpoints;
import dev.checkstand.simulator.webhooks.WebhookDispatcher;
import dev.checkstand.simulator.webhooks.WebhookEndpointApi;
import dev.checkstand.simulator.webhooks.WebhookEndpoints;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.Ids;
import java.time.Duration;
import java.util.function.Supplier;

/** The simulator's parts, wired from a {@link StripeSimulator.Builder}: the objects, events, webhooks and the API handler. */
final class Parts implements AutoCloseable {

  private static final int IDEMPOTENCY_CAPACITY = 50_000;
  private static final Duration CLOCK_TICK = Duration.ofSeconds(1);

  final Faults faults;
  private final Faults initialFaults;
  final SimClock clock;
  final Timeline timeline;
  final WebhookEndpoints endpoints;
  final WebhookDispatcher webhooks;
  final Events events;
  final Accounts accounts;
  final AccountLinks accountLinks;
  final Payments payments;
  final CheckoutSessions checkoutSessions;
  final IdempotencyKeys idempotency;
  final CallCounts counts = new CallCounts();
  final CallCounts refusals = new CallCounts();
  final ApiKeys keys;
  final ApiHandler api;

  /** Wires the parts; hosted-page URLs start with {@code baseUrl}, known once the server listens. */
  Parts(StripeSimulator.Builder builder, Supplier<String> baseUrl) {
    this.faults = builder.faults;
    this.initialFaults = new Faults().copyFrom(faults);
    FaultDecisions decisions = new FaultDecisions(faults);
    this.clock = SimClock.over(builder.clock);
    this.timeline = new Timeline(clock, CLOCK_TICK);
    String application = Ids.next("ca");
    this.endpoints = new WebhookEndpoints(builder.webhookUrl, builder.webhookSecret,
        builder.connectWebhookUrl, builder.connectWebhookSecret, application, clock.epochSecond());
    this.webhooks = new WebhookDispatcher(endpoints, builder.retryDelays, clock, faults.delivery());
    webhooks.setV0Signature(builder.v0Signature);
    this.events = new Events(clock, webhooks, faults::eventApiVersion, faults::omittedFields,
        builder.storeCapacity);
    this.accounts = new Accounts(clock, events, builder.storeCapacity);
    this.accountLinks = new AccountLinks(clock, accounts, baseUrl, builder.storeCapacity);
    this.payments = new Payments(events, timeline, builder.settlementDelay, baseUrl,
        builder.storeCapacity, accounts, application);
    this.checkoutSessions = new CheckoutSessions(events, timeline, payments, baseUrl,
        builder.storeCapacity);
    payments.addListener(checkoutSessions);
    this.idempotency = new IdempotencyKeys(clock, IDEMPOTENCY_CAPACITY);
    Router router = new Router();
    new PaymentEndpoints(payments).register(router);
    new RefundEndpoints(payments).register(router);
    new TransferEndpoints(payments).register(router);
    new EventEndpoints(events).register(router);
    new WebhookEndpointApi(endpoints, clock).register(router);
    new CheckoutEndpoints(clock, checkoutSessions, payments).register(router);
    new AccountEndpoints(accounts, accountLinks).register(router);
    events.accountsBy(this::accountOf);
    this.keys = new ApiKeys(builder.secretKey, builder.publishableKey);
    this.api = new ApiHandler(router, keys, idempotency, counts, refusals, decisions,
        accounts::exists);
  }

  /** The connected account an event's object belongs to: an account itself, or what was made with its Stripe-Account; null for the platform's. */
  private String accountOf(JsonObject object) {
    JsonElement type = object.get("object");
    String id = object.get("id").getAsString();
    if (type == null || !type.isJsonPrimitive()) {
      return null;
    }
    return switch (type.getAsString()) {
      case "account" -> id;
      case "checkout.session" -> checkoutSessions.accountOf(id);
      default -> payments.accountOf(type.getAsString(), id);
    };
  }

  /** Forgets all state but the configuration and the clock; the faults go back to those the simulator started with, their counts to 0. */
  void reset() {
    faults.copyFrom(initialFaults).resetCounts();
    webhooks.reset();
    endpoints.reset();
    timeline.reset();
    checkoutSessions.reset();
    payments.reset();
    accountLinks.reset();
    accounts.reset();
    events.reset();
    idempotency.reset();
    counts.reset();
    refusals.reset();
  }

  @Override
  public void close() {
    api.close();
    timeline.close();
    webhooks.close();
  }
}
