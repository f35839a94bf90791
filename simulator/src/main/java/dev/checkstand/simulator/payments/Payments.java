package dev.checkstand.simulator.payments;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.RequestContext;
import dev.checkstand.simulator.clock.Timeline;
import dev.checkstand.simulator.events.Events;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** The payment objects (PaymentMethods, PaymentIntents, Charges) and what other parts of the simulator may do with them. */
public final class Payments {

  private final PaymentMethods methods;
  private final PaymentIntents intents;
  private final Refunds refunds;

  private final Charging charging;
  private final Authorizations authorizations;
  private final DestinationCharges destinations;

  /**
   * Objects record events in {@code events}; later outcomes happen {@code settlementDelay} after on {@code timeline};
   * hosted pages live under {@code baseUrl}; each kind keeps at most {@code capacity}. Destination charges go to
   * {@code accounts}, their fees to the platform's Connect {@code application}.
   */
  public Payments(Events events, Timeline timeline, Duration settlementDelay,
      Supplier<String> baseUrl, int capacity, ConnectedAccounts accounts, String application) {
    this.methods = new PaymentMethods(timeline.clock(), capacity);
    this.authorizations = new Authorizations(events, timeline);
    this.destinations = new DestinationCharges(events, timeline.clock(), accounts, application,
        capacity);
    this.charging = new Charging(events, timeline, settlementDelay, baseUrl, authorizations,
        destinations, capacity);
    this.intents = new PaymentIntents(timeline.clock(), events, charging, capacity);
    this.refunds = new Refunds(events, timeline, settlementDelay, intents, destinations, capacity);
  }

  /**
   * Checks a Checkout Session's {@code payment_intent_data} Connect terms for a payment of {@code amount} made as
   * {@code account} (null: the platform): 400 for an unknown or disabled account or amounts that do not fit.
   */
  public void checkConnectTerms(ConnectTerms terms, long amount, String currency, String account) {
    destinations.check(terms, amount, currency, account, "payment_intent_data");
  }

  /** How long a manual-capture card authorization can be captured (default 7 days). */
  public Duration authorizationValidity() {
    return authorizations.validity();
  }

  /** Sets the validity of authorizations made from now on: whole seconds, 1 second to 365 days; IllegalArgumentException otherwise. */
  public void setAuthorizationValidity(Duration validity) {
    authorizations.setValidity(validity);
  }

  /** What an authorization's deadline passing does (default {@link AuthorizationExpiry#CANCEL}). */
  public AuthorizationExpiry authorizationExpiry() {
    return authorizations.expiry();
  }

  /** Sets what deadlines passing from now on do, earlier authorizations' included. */
  public void setAuthorizationExpiry(AuthorizationExpiry expiry) {
    authorizations.setExpiry(expiry);
  }

  /** Tells {@code listener} about every PaymentIntent that leaves requires_action or processing. */
  public void addListener(PaymentListener listener) {
    charging.addListener(listener);
  }

  /** Completes or fails the 3-D Secure challenge of a PaymentIntent in requires_action. */
  public JsonObject completeAuthentication(String intentId, boolean succeed, RequestContext context) {
    try {
      return charging.authenticate(intents.find(intentId), succeed, context);
    } catch (ApiError wrongState) {
      throw wrongState.status() == 404 ? wrongState : new IllegalStateException(wrongState.getMessage());
    }
  }

  /** Settles a processing PaymentIntent now: succeeded, or failed. */
  public void completeAsyncPayment(String intentId, boolean succeed) {
    try {
      charging.settle(intents.find(intentId), succeed, RequestContext.automatic());
    } catch (ApiError wrongState) {
      throw wrongState.status() == 404 ? wrongState : new IllegalStateException(wrongState.getMessage());
    }
  }

  PaymentMethods methods() {
    return methods;
  }

  PaymentIntents intents() {
    return intents;
  }

  Refunds refunds() {
    return refunds;
  }

  DestinationCharges destinations() {
    return destinations;
  }

  /** Refunds {@code amount} of a PaymentIntent outside the API, as the Dashboard does; returns the refund's id. */
  public String refundInDashboard(String intentId, long amount) {
    if (amount < 1) {
      throw new IllegalArgumentException("A refund amount must be at least 1, was " + amount);
    }
    PaymentIntent intent = intents.find(intentId);
    JsonObject refund = refunds.create(intentId, null, amount, null, Map.of(), intent.account(),
        false, false, RequestContext.dashboard());
    return refund.get("id").getAsString();
  }

  /** Makes a pending or succeeded refund fail now, with {@code failure_reason} {@code unknown}. */
  public void failRefund(String refundId) {
    refunds.fail(refundId, "unknown", RequestContext.automatic());
  }

  /** Creates the PaymentIntent Checkout Session {@code sessionId} (made as {@code account}, null: the platform) pays with; returns its id. */
  public String createForCheckout(CheckoutPayment payment, String sessionId, String account,
      RequestContext context) {
    NewPaymentIntent spec = new NewPaymentIntent(payment.amount(), payment.currency(),
        payment.captureMethod(), "automatic", payment.description(), payment.receiptEmail(),
        payment.metadata(), payment.paymentMethodTypes(), null, sessionId, account,
        payment.connect());
    return intents.create(spec, null, false, null, context).get("id").getAsString();
  }

  /** Confirms a Checkout PaymentIntent with {@code paymentMethod} as the hosted page does; a decline is an outcome, not an error. */
  public Attempt confirmForCheckout(String intentId, String paymentMethod, RequestContext context) {
    PaymentIntent intent = intents.find(intentId);
    PaymentMethod method = methods.resolve(paymentMethod, "payment_method");
    try {
      JsonObject confirmed = intents.confirm(intent, method, null, context);
      return new Attempt(confirmed.get("status").getAsString(), null);
    } catch (ApiError declined) {
      if (declined.code().equals(DestinationCharges.CANNOT_CHARGE)) {
        return new Attempt(intents.snapshot(intent).get("status").getAsString(), declined.getMessage());
      }
      if (declined.status() != 402) {
        throw declined;
      }
      return new Attempt(PaymentIntent.Status.REQUIRES_PAYMENT_METHOD.wire(), declined.getMessage());
    }
  }

  /** Cancels a Checkout PaymentIntent whose Session expired, if it can still be canceled. */
  public void cancelForExpiredCheckout(String intentId, RequestContext context) {
    PaymentIntent intent = intents.find(intentId);
    if (intent.locked(intent::cancelable)) {
      intents.cancel(intent, "expired", false, context);
    }
  }

  /** The {@code return_url} a PaymentIntent's redirect sends the customer back to, or null. */
  public String returnUrl(String intentId) {
    PaymentIntent intent = intents.find(intentId);
    return intent.locked(intent::returnUrl);
  }

  /** The connected account a payment object ({@code object} {@code payment_intent}, {@code charge} or {@code refund}) was made as; null for the platform's and for other objects. */
  public String accountOf(String object, String id) {
    return switch (object) {
      case "payment_intent" -> intents.lookup(id).map(PaymentIntent::account).orElse(null);
      case "charge" -> intents.findCharge(id).map(Charge::account).orElse(null);
      case "refund" -> refunds.lookup(id).map(Refund::account).orElse(null);
      default -> null;
    };
  }

  /** A PaymentIntent as the API shows it; 404 {@link ApiError} if unknown. */
  public JsonObject intent(String id) {
    return intents.snapshot(intents.find(id));
  }

  /** Forgets every payment object. */
  public void reset() {
    refunds.reset();
    destinations.reset();
    intents.reset();
    methods.reset();
  }
}
