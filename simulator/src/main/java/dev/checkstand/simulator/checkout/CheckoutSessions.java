package dev.checkstand.simulator.checkout;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.ListQuery;
import dev.checkstand.simulator.api.ObjectStore;
import dev.checkstand.simulator.api.RequestContext;
import dev.checkstand.simulator.clock.SimClock;
import dev.checkstand.simulator.clock.Timeline;
import dev.checkstand.simulator.events.Events;
import dev.checkstand.simulator.payments.Attempt;
import dev.checkstand.simulator.payments.PaymentListener;
import dev.checkstand.simulator.payments.Payments;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Checkout Sessions: creation, payment as the hosted page makes it, expiry (manual and by the clock), and their events. */
public final class CheckoutSessions implements PaymentListener {

  private static final String DEFAULT_EMAIL = "customer@example.com";

  private final SimClock clock;
  private final Events events;
  private final Timeline timeline;
  private final Payments payments;
  private final Supplier<String> baseUrl;
  private final ObjectStore<CheckoutSession> sessions;

  /** Sessions keep at most {@code capacity}; their {@code url}s start with {@code baseUrl}. */
  public CheckoutSessions(Events events, Timeline timeline, Payments payments,
      Supplier<String> baseUrl, int capacity) {
    this.clock = timeline.clock();
    this.events = events;
    this.timeline = timeline;
    this.payments = payments;
    this.baseUrl = baseUrl;
    this.sessions = new ObjectStore<>(capacity);
  }

  JsonObject create(NewSession spec, String account) {
    CheckoutSession session = new CheckoutSession(spec, clock.epochSecond(), account);
    sessions.add(session.id(), session);
    String id = session.id();
    timeline.at(Instant.ofEpochSecond(spec.expiresAt()), () -> expireIfOpen(id),
        () -> sessions.find(id).isPresent());
    return snapshot(session);
  }

  CheckoutSession find(String id) {
    return sessions.find(id).orElseThrow(() -> ApiError.noSuchObject("checkout.session", id));
  }

  /** The session made as {@code account} (null: the platform); 404 for another account's. */
  CheckoutSession find(String id, String account) {
    return sessions.find(id).filter(session -> Objects.equals(account, session.account()))
        .orElseThrow(() -> ApiError.noSuchObject("checkout.session", id));
  }

  /** The connected account a session was made as; null for the platform's or an unknown one. */
  public String accountOf(String id) {
    return sessions.find(id).map(CheckoutSession::account).orElse(null);
  }

  JsonObject snapshot(CheckoutSession session) {
    return session.locked(() -> session.toJson(baseUrl.get()));
  }

  ObjectStore.Page<CheckoutSession> page(ListQuery query, Predicate<CheckoutSession> filter) {
    return sessions.page(query, filter, "checkout.session");
  }

  /** Pays an open session with {@code paymentMethod}, as the hosted page does; a decline leaves it open. */
  public Attempt pay(String sessionId, String paymentMethod, String email) {
    CheckoutSession session = find(sessionId);
    RequestContext context = RequestContext.automatic();
    return session.locked(() -> {
      expireIfDue(session);
      if (session.status() != CheckoutSession.Status.OPEN) {
        throw new IllegalStateException("Checkout Session " + sessionId + " is "
            + session.status().wire() + ", not open: it cannot be paid.");
      }
      if (session.paymentIntentId() == null) {
        session.paymentIntentCreated(
            payments.createForCheckout(session.spec().payment(), sessionId, session.account(),
                context));
      }
      session.enteredEmail(email != null && !email.isBlank() ? email
          : session.spec().customerEmail() != null ? session.spec().customerEmail() : DEFAULT_EMAIL);
      Attempt attempt = payments.confirmForCheckout(session.paymentIntentId(), paymentMethod, context);
      if (attempt.completed()) {
        complete(session, attempt.status(), context);
      }
      return attempt;
    });
  }

  /** Completes the session of a PaymentIntent that was authenticated, and follows up delayed payments. */
  @Override
  public void paymentChanged(String paymentIntentId, String sessionId, String status,
      RequestContext context) {
    if (sessionId == null) {
      return;
    }
    sessions.find(sessionId).ifPresent(session -> session.locked(() -> {
      boolean paid = status.equals("succeeded");
      if (session.status() == CheckoutSession.Status.OPEN
          && (paid || status.equals("requires_capture"))) {
        complete(session, status, context);
      } else if (session.status() == CheckoutSession.Status.COMPLETE && !session.paid()) {
        if (paid) {
          session.markPaid();
          events.record("checkout.session.async_payment_succeeded", session.toJson(baseUrl.get()), context);
        } else if (status.equals("requires_payment_method")) {
          events.record("checkout.session.async_payment_failed", session.toJson(baseUrl.get()), context);
        }
      }
      return null;
    }));
  }

  /** Completes the 3-D Secure challenge of the session's payment, as its hosted page does. */
  Attempt authenticate(String sessionId, boolean succeed) {
    CheckoutSession session = find(sessionId);
    String intentId = session.locked(session::paymentIntentId);
    if (intentId == null) {
      throw new IllegalStateException("Checkout Session " + sessionId + " has no payment to authenticate.");
    }
    JsonObject intent = payments.completeAuthentication(intentId, succeed, RequestContext.automatic());
    JsonObject error = intent.get("last_payment_error").isJsonNull() ? null
        : intent.getAsJsonObject("last_payment_error");
    return new Attempt(intent.get("status").getAsString(),
        error == null ? null : error.get("message").getAsString());
  }

  private void complete(CheckoutSession session, String status, RequestContext context) {
    session.complete(status.equals("succeeded"));
    events.record("checkout.session.completed", session.toJson(baseUrl.get()), context);
  }

  /** A PaymentIntent's status, for the hosted page. */
  String paymentStatus(String intentId) {
    return payments.intent(intentId).get("status").getAsString();
  }

  /** Expires an open session through the API; 400 if it is not open. */
  JsonObject expire(CheckoutSession session, RequestContext context) {
    return session.locked(() -> {
      session.requireExpirable();
      return expireLocked(session, context);
    });
  }

  /** Forgets every session. */
  public void reset() {
    sessions.clear();
  }

  private void expireIfOpen(String id) {
    sessions.find(id).ifPresent(session -> session.locked(() -> {
      if (session.status() == CheckoutSession.Status.OPEN) {
        expireLocked(session, RequestContext.automatic());
      }
      return null;
    }));
  }

  private void expireIfDue(CheckoutSession session) {
    if (session.status() == CheckoutSession.Status.OPEN
        && clock.epochSecond() >= session.spec().expiresAt()) {
      expireLocked(session, RequestContext.automatic());
    }
  }

  private JsonObject expireLocked(CheckoutSession session, RequestContext context) {
    session.expire();
    if (session.paymentIntentId() != null) {
      payments.cancelForExpiredCheckout(session.paymentIntentId(), context);
    }
    JsonObject snapshot = session.toJson(baseUrl.get());
    events.record("checkout.session.expired", snapshot, context);
    return snapshot;
  }
}
