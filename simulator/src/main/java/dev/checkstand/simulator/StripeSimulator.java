package dev.checkstand.simulator;

import com.sun.net.httpserver.HttpHandler;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.ApiRequest;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.RequestContext;
import dev.checkstand.simulator.checkout.HostedCheckoutPage;
import dev.checkstand.simulator.connect.OnboardingPage;
import dev.checkstand.simulator.http.ApiServer;
import dev.checkstand.simulator.payments.AuthorizationExpiry;
import dev.checkstand.simulator.payments.ThreeDSecurePage;
import dev.checkstand.simulator.stripejs.StripeJsHandler;
import dev.checkstand.simulator.webhooks.WebhookEndpoint;
import dev.checkstand.simulator.webhooks.WebhookEndpoints;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A local stand-in for Stripe's API that stripe-java talks HTTP to, with signed webhook delivery, hosted pages and a Stripe.js stand-in at {@code /v3/}. */
public final class StripeSimulator implements AutoCloseable {

  /** The API version of events caused by requests without {@code Stripe-Version}: stripe-java 33.3.0's. */
  public static final String DEFAULT_API_VERSION = RequestContext.DEFAULT_API_VERSION;

  private static final Logger log = LoggerFactory.getLogger(StripeSimulator.class);
  private static final String DEFAULT_SECRET_KEY = "sk_test_simulator";

  private final String secretKey;
  private final String publishableKey;
  private final Parts parts;
  private final ApiServer server;

  private StripeSimulator(Builder builder) {
    this.secretKey = builder.secretKey == null ? DEFAULT_SECRET_KEY : builder.secretKey;
    this.publishableKey = builder.publishableKey == null
        ? "pk_test_" + Ids.secret(24) : builder.publishableKey;
    this.parts = new Parts(builder, this::baseUrl);
    try {
      this.server = ApiServer.start(builder.port, Map.<String, HttpHandler>of("/", parts.api,
          "/_sim/", new ControlApi(ControlRoutes.of(this)),
          HostedCheckoutPage.PATH, new HostedCheckoutPage(parts.checkoutSessions),
          ThreeDSecurePage.PATH, new ThreeDSecurePage(parts.payments),
          OnboardingPage.PATH, new OnboardingPage(parts.accountLinks),
          StripeJsHandler.PATH, new StripeJsHandler(this::baseUrl)));
    } catch (RuntimeException e) {
      parts.close();
      throw e;
    }
  }

  /** A builder with the defaults: port 12111, no webhook endpoint, generated secrets. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port the simulator listens on. */
  public int port() {
    return server.port();
  }

  /** The API base URL to give stripe-java, e.g. {@code http://localhost:12111}. */
  public String baseUrl() {
    return "http://localhost:" + port();
  }

  /** The {@code whsec_} secret of the configured endpoint: the new one once {@link #rollWebhookSecret} has run. */
  public String webhookSecret() {
    return parts.endpoints.configured().secret();
  }

  /** The {@code whsec_} secret of the configured Connect endpoint, which receives the events on connected accounts. */
  public String connectWebhookSecret() {
    return parts.endpoints.configuredConnect().secret();
  }

  /** The id of the Connect endpoint configured with {@code connectWebhookUrl} and {@code connectWebhookSecret}. */
  public String connectWebhookEndpointId() {
    return parts.endpoints.configuredConnect().id();
  }

  /** Changes the Connect webhook endpoint (events on connected accounts); null removes it. */
  public void setConnectWebhookUrl(String url) {
    parts.endpoints.setConfiguredConnectUrl(url);
  }

  /**
   * Completes a connected account's onboarding, as its holder does on an Account Link's page: details submitted,
   * charges and payouts enabled, capabilities active, requirements emptied; one {@code account.updated} if anything
   * changed. NoSuchElementException for an unknown account.
   */
  public void completeOnboarding(String accountId) {
    javaCall(() -> parts.accounts.completeOnboarding(accountId, RequestContext.automatic()));
  }

  /**
   * Sets what a connected account may do, as Stripe does after a review; see {@link #setAccountStatus(String,
   * AccountStatus)}. A disabled account gets {@code disabled_reason} {@code requirements.past_due}.
   */
  public void setAccountStatus(String accountId, boolean chargesEnabled, boolean payoutsEnabled) {
    setAccountStatus(accountId, new AccountStatus(chargesEnabled, payoutsEnabled, null, List.of()));
  }

  /**
   * Sets what a connected account may do: {@code charges_enabled} (and with it the card_payments and transfers
   * capabilities, active or inactive), {@code payouts_enabled}, {@code requirements.disabled_reason} and
   * {@code requirements.currently_due}. Sends one {@code account.updated} to the Connect endpoints when anything
   * changed, none otherwise. NoSuchElementException for an unknown account, IllegalArgumentException for an unknown
   * disabled reason.
   */
  public void setAccountStatus(String accountId, AccountStatus status) {
    javaCall(() -> parts.accounts.setStatus(accountId, status.chargesEnabled(),
        status.payoutsEnabled(), status.disabledReason(), status.currentlyDue()));
  }

  /** A publishable key the simulator accepts. */
  public String publishableKey() {
    return publishableKey;
  }

  /** A secret key the simulator accepts. */
  public String secretKey() {
    return secretKey;
  }

  /** Turns webhook sending on or off; events are recorded either way. */
  public void setWebhookDeliveryEnabled(boolean enabled) {
    parts.webhooks.setEnabled(enabled);
  }

  /** Changes the webhook endpoint; null removes it. */
  public void setWebhookUrl(String url) {
    parts.endpoints.setConfiguredUrl(url);
  }

  /** Every webhook delivery attempt so far. */
  public List<WebhookDelivery> deliveries() {
    return parts.webhooks.deliveries();
  }

  /** Ids of the events recorded so far of {@code type} ({@code null} for all), oldest first. */
  public List<String> eventIds(String type) {
    return parts.events.ids(type);
  }

  /** Calls per endpoint so far, e.g. {@code "POST /v1/payment_intents/{id}/confirm" -> 3}. */
  public Map<String, Long> apiCallCounts() {
    return parts.counts.snapshot();
  }

  /**
   * Requests an endpoint refused (4xx) so far, by endpoint and error code, e.g.
   * {@code "POST /v1/refunds amount_too_large" -> 1}; an idempotent replay of a stored refusal is not counted again.
   */
  public Map<String, Long> apiRefusals() {
    return parts.refusals.snapshot();
  }

  /** The fault switches, live: changes apply to the next request and the next webhook attempt. */
  public Faults faults() {
    return parts.faults;
  }

  /** The simulated time: the configured clock plus every {@link #advanceClock} so far. */
  public Instant now() {
    return parts.clock.instant();
  }

  /** Moves the simulated clock forward and runs what became due: session expiry, async settlement, refund updates. */
  public void advanceClock(Duration by) {
    parts.clock.advance(by);
    parts.timeline.runDue();
  }

  /** Pays an open Checkout Session with a test payment method as the hosted page would; a decline leaves it open. */
  public void payCheckoutSession(String sessionId, String paymentMethod) {
    javaCall(() -> parts.checkoutSessions.pay(sessionId, paymentMethod, null));
  }

  /** Rolls the configured endpoint's secret and returns the new one; deliveries carry a {@code v1} for each until {@link #expireOldWebhookSecret}. */
  public String rollWebhookSecret() {
    return parts.endpoints.configured().rollSecret();
  }

  /** Rolls an endpoint's secret and returns the new one; the old one signs too until {@link #expireOldWebhookSecret(String)}. */
  public String rollWebhookSecret(String endpointId) {
    return javaCall(() -> parts.endpoints.find(endpointId)).rollSecret();
  }

  /** Rolls an endpoint's secret, the old one signing too for {@code oldSecretLasts} of simulated time, as Stripe's delayed expiry; returns the new secret. */
  public String rollWebhookSecret(String endpointId, Duration oldSecretLasts) {
    WebhookEndpoint endpoint = javaCall(() -> parts.endpoints.find(endpointId));
    String old = endpoint.secret();
    String rolled = endpoint.rollSecret();
    parts.timeline.at(parts.clock.instant().plus(oldSecretLasts), () -> endpoint.expirePreviousSecret(old));
    return rolled;
  }

  /** Ends the configured endpoint's secret roll: only the new secret signs from now on. */
  public void expireOldWebhookSecret() {
    parts.endpoints.configured().expirePreviousSecret();
  }

  /** Ends an endpoint's secret roll. */
  public void expireOldWebhookSecret(String endpointId) {
    javaCall(() -> parts.endpoints.find(endpointId)).expirePreviousSecret();
  }

  /** Adds a webhook endpoint, as {@code POST /v1/webhook_endpoints} does; returns its {@code we_} id. */
  public String addWebhookEndpoint(String url, String... enabledEvents) {
    List<String> types = enabledEvents.length == 0 ? List.of("*") : List.of(enabledEvents);
    return javaCall(() -> parts.endpoints.create(url, types, parts.clock.epochSecond())).id();
  }

  /** The current signing secret of an endpoint. */
  public String webhookSecret(String endpointId) {
    return javaCall(() -> parts.endpoints.find(endpointId)).secret();
  }

  /** The id of the endpoint configured with {@code webhookUrl} and {@code webhookSecret}. */
  public String webhookEndpointId() {
    return parts.endpoints.configured().id();
  }

  /** Settles a processing PaymentIntent (a bank debit) now: succeeded, or failed back to requires_payment_method, with the parts.events. */
  public void completeAsyncPayment(String paymentIntentId, boolean succeed) {
    javaCall(() -> {
      parts.payments.completeAsyncPayment(paymentIntentId, succeed);
      return null;
    });
  }

  /** Completes or fails the 3-D Secure challenge of a PaymentIntent in requires_action, as the customer would on the challenge page. */
  public void completeAuthentication(String paymentIntentId, boolean succeed) {
    javaCall(() -> parts.payments.completeAuthentication(paymentIntentId, succeed,
        RequestContext.automatic()));
  }

  /** Refunds {@code amount} of a succeeded PaymentIntent outside the service, as the Dashboard would, with the usual events; returns the {@code re_} id. */
  public String refundInDashboard(String paymentIntentId, long amount) {
    return javaCall(() -> parts.payments.refundInDashboard(paymentIntentId, amount));
  }

  /** Makes a pending or succeeded refund fail now ({@code failure_reason} {@code unknown}), with {@code refund.updated}, {@code refund.failed} and {@code charge.refund.updated}. */
  public void failRefund(String refundId) {
    javaCall(() -> {
      parts.payments.failRefund(refundId);
      return null;
    });
  }

  /** Forgets all objects, events, API-made webhook endpoints, idempotency keys, deliveries (and due retries), call counts and the counts of injected faults; keeps the configuration, faults and the parts.clock. */
  public void reset() {
    parts.reset();
  }

  /** Stops the server, the clock and webhook delivery; retries still due are dropped. */
  @Override
  public void close() {
    server.close();
    parts.close();
  }

  /**
   * Runs standalone: {@code --port 12111 --webhook-url URL --webhook-secret whsec_...}; {@code --help} prints the
   * usage and exits 0, a mistake on the command line exits 2 with the usage on stderr.
   */
  public static void main(String[] args) {
    CommandLine.run(args, System.out, System.err, StripeSimulator::runStandalone).ifPresent(System::exit);
  }

  private static void runStandalone(Builder builder) {
    StripeSimulator simulator = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "stripe-sim-shutdown"));
    log.info("Stripe simulator listening on {} (accepting {}; e.g. {} and {}), webhook secret {},"
        + " webhook URL {}, Connect webhook secret {}, Connect webhook URL {}, control API at {}/_sim/",
        simulator.baseUrl(), simulator.parts.keys.describe(), simulator.secretKey(),
        simulator.publishableKey(), simulator.webhookSecret(), simulator.webhookUrl(),
        simulator.connectWebhookSecret(), simulator.connectWebhookUrl(), simulator.baseUrl());
  }

  boolean webhookDeliveryEnabled() {
    return parts.webhooks.enabled();
  }

  String webhookUrl() {
    return parts.endpoints.configured().url();
  }

  String connectWebhookUrl() {
    return parts.endpoints.configuredConnect().url();
  }

  /** {@code charges_enabled} and {@code payouts_enabled} of an account now. */
  Map<String, Boolean> accountStatus(String accountId) {
    return javaCall(() -> parts.accounts.status(accountId));
  }

  boolean webhookV0Signature() {
    return parts.webhooks.v0Signature();
  }

  void setWebhookV0Signature(boolean on) {
    parts.webhooks.setV0Signature(on);
  }

  Duration authorizationValidity() {
    return parts.payments.authorizationValidity();
  }

  void setAuthorizationValidity(Duration validity) {
    parts.payments.setAuthorizationValidity(validity);
  }

  AuthorizationExpiry authorizationExpiry() {
    return parts.payments.authorizationExpiry();
  }

  void setAuthorizationExpiry(AuthorizationExpiry expiry) {
    parts.payments.setAuthorizationExpiry(expiry);
  }

  /** Runs a Java API call, turning a Stripe error into NoSuchElementException (404) or IllegalArgumentException, with Stripe's message. */
  private static <T> T javaCall(Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiError error) {
      throw Simulators.refused(error.status(), error);
    }
  }

  /** Test hook: runs before each API endpoint executes, after authentication and idempotency checks. */
  void beforeExecute(Consumer<ApiRequest> hook) {
    parts.api.beforeExecute(hook);
  }

  /** Configures and starts a {@link StripeSimulator}. */
  public static final class Builder {

    int port = 12111;
    String webhookUrl;
    String webhookSecret;
    String connectWebhookUrl;
    String connectWebhookSecret;
    String secretKey;
    String publishableKey;
    List<Duration> retryDelays = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16));
    Clock clock = Clock.systemUTC();
    int storeCapacity = 50_000;
    Duration settlementDelay = Duration.ofMinutes(1);
    Faults faults = new Faults();
    boolean v0Signature;

    private Builder() {}

    /** The port to listen on; 0 for any free port. */
    public Builder port(int port) {
      this.port = Simulators.port(port);
      return this;
    }

    /** Where events are POSTed; null for no endpoint. */
    public Builder webhookUrl(String url) {
      if (url != null) {
        WebhookEndpoints.requireHttpUrl(url);
      }
      this.webhookUrl = url;
      return this;
    }

    /** The webhook signing secret, starting with {@code whsec_}; null for a generated one. */
    public Builder webhookSecret(String secret) {
      this.webhookSecret = requirePrefix(secret, "whsec_", "webhookSecret");
      return this;
    }

    /** Where events on connected accounts are POSTed (the Connect endpoint); null for none. */
    public Builder connectWebhookUrl(String url) {
      if (url != null) {
        WebhookEndpoints.requireHttpUrl(url);
      }
      this.connectWebhookUrl = url;
      return this;
    }

    /** The Connect endpoint's signing secret, starting with {@code whsec_}; null for a generated one. */
    public Builder connectWebhookSecret(String secret) {
      this.connectWebhookSecret = requirePrefix(secret, "whsec_", "connectWebhookSecret");
      return this;
    }

    /** The only secret key accepted; null (the default) accepts any {@code sk_test_} key. */
    public Builder secretKey(String key) {
      this.secretKey = requirePrefix(key, "sk_test_", "secretKey");
      return this;
    }

    /** The only publishable key accepted; null (the default) accepts any {@code pk_test_} key. */
    public Builder publishableKey(String key) {
      this.publishableKey = requirePrefix(key, "pk_test_", "publishableKey");
      return this;
    }

    /** The wait before each webhook retry; attempts are one more than delays. */
    public Builder webhookRetryDelays(List<Duration> delays) {
      this.retryDelays = Simulators.retryDelays(delays);
      return this;
    }

    /** The clock for {@code created} times, signatures and delivery records. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How many objects of each kind, and how many events, are kept before the oldest are forgotten (default 50,000). */
    public Builder storeCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("storeCapacity must be at least 1, was " + capacity);
      }
      this.storeCapacity = capacity;
      return this;
    }

    /** How long after creation asynchronous outcomes happen, in simulated time: bank debits settle, test-card refunds succeed or fail (default 1 minute). */
    public Builder settlementDelay(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("settlementDelay must not be negative: " + delay);
      }
      this.settlementDelay = delay;
      return this;
    }

    /** The fault switches to start with; the simulator keeps this instance, so later changes to it apply too. */
    public Builder faults(Faults faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /** Adds a test-mode {@code v0} signature (which verifiers must ignore) to every delivery, as Stripe does for test parts.events. */
    public Builder webhookV0Signature(boolean on) {
      this.v0Signature = on;
      return this;
    }

    /** Binds the port and starts serving; UncheckedIOException if the port is taken. */
    public StripeSimulator start() {
      StripeSimulator simulator = new StripeSimulator(this);
      log.debug("Stripe simulator started on {}", simulator.baseUrl());
      return simulator;
    }

    private static String requirePrefix(String value, String prefix, String name) {
      if (value != null && (!value.startsWith(prefix) || value.length() == prefix.length())) {
        throw new IllegalArgumentException(name + " must start with " + prefix + ", was " + value);
      }
      return value;
    }
  }
}
