package dev.checkstand.simulator.http;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.ApiRequest;
import dev.checkstand.simulator.api.Caller;
import dev.checkstand.simulator.api.DaemonThreads;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.Json;
import dev.checkstand.simulator.api.Params;
import dev.checkstand.simulator.api.RequestContext;
import dev.checkstand.simulator.api.Router;
import dev.checkstand.simulator.idempotency.Claim;
import dev.checkstand.simulator.idempotency.Fingerprint;
import dev.checkstand.simulator.idempotency.IdempotencyKeys;
import dev.checkstand.simulator.idempotency.StoredResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves {@code /v1/...}: answers CORS preflights, counts, rate-limits, authenticates, routes, injects faults, applies idempotency, and writes Stripe-shaped responses. */
public final class ApiHandler implements HttpHandler, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

  private final Router router;
  private final ApiKeys keys;
  private final IdempotencyKeys idempotency;
  private final CallCounts counts;
  private final CallCounts refusals;
  private final ApiFaults faults;
  private final Predicate<String> connectedAccount;
  private final RateLimiter limiter = new RateLimiter();
  private final ScheduledExecutorService delays =
      Executors.newScheduledThreadPool(2, DaemonThreads.named("stripe-sim-api-delays"));
  private volatile Consumer<ApiRequest> beforeExecute = request -> {};

  /**
   * Events of requests without a {@code Stripe-Version} header get {@link RequestContext#DEFAULT_API_VERSION};
   * {@code refusals} counts the requests an endpoint refused (4xx), keyed by endpoint and error code;
   * a {@code Stripe-Account} header must name an account {@code connectedAccount} accepts, else 403.
   */
  public ApiHandler(Router router, ApiKeys keys, IdempotencyKeys idempotency, CallCounts counts,
      CallCounts refusals, ApiFaults faults, Predicate<String> connectedAccount) {
    this.router = router;
    this.keys = keys;
    this.idempotency = idempotency;
    this.counts = counts;
    this.refusals = refusals;
    this.faults = faults;
    this.connectedAccount = connectedAccount;
  }

  /** Runs {@code hook} after a request is authenticated and its idempotency key claimed, just before its endpoint. */
  public void beforeExecute(Consumer<ApiRequest> hook) {
    this.beforeExecute = hook;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (Cors.isPreflight(exchange)) {
      Cors.answerPreflight(exchange);
      return;
    }
    Duration latency = faults.latency();
    if (latency.isZero()) {
      process(exchange);
    } else {
      delays.schedule(() -> processQuietly(exchange), latency.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Stops the threads that delay requests and lost answers. */
  @Override
  public void close() {
    delays.shutdownNow();
  }

  private void processQuietly(HttpExchange exchange) {
    try {
      process(exchange);
    } catch (IOException | RuntimeException e) {
      log.debug("Delayed request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      exchange.close();
    }
  }

  private void process(HttpExchange exchange) throws IOException {
    String requestId = Ids.next("req");
    Reply reply;
    try {
      reply = dispatch(exchange, requestId);
    } catch (ApiError error) {
      reply = Reply.of(stored(error, requestId), extraHeaders(error));
    } catch (RuntimeException bug) {
      log.error("Simulator failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), bug);
      reply = Reply.of(stored(ApiError.internal(), requestId), Map.of());
    }
    if (reply.lost()) {
      loseAnswer(exchange);
    } else {
      write(exchange, reply);
    }
  }

  private Reply dispatch(HttpExchange exchange, String requestId) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    Optional<Router.Match> match = router.match(method, path);
    counts.increment(method + " " + match.map(m -> m.route().template()).orElse(path));
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    int limit = faults.rateLimit();
    if (limit > 0 && !limiter.tryAcquire(limit)) {
      faults.rateLimited();
      throw ApiError.rateLimited();
    }
    Caller caller = keys.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
    Router.Route route = match.orElseThrow(() -> ApiError.unrecognizedUrl(method, path)).route();
    if (caller == Caller.PUBLISHABLE_KEY && route.access() != Router.Access.CLIENT_SECRET) {
      throw ApiError.permission("This API call cannot be made with a publishable API key. Please use"
          + " a secret API key. You can find a list of your API keys at"
          + " https://dashboard.stripe.com/account/apikeys.");
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    String account = exchange.getRequestHeaders().getFirst("Stripe-Account");
    if (account != null && !connectedAccount.test(account.trim())) {
      throw ApiError.accountInvalid(ApiKeys.shown(authorization), account.trim());
    }
    account = account == null ? null : account.trim();
    Map<String, Object> params = FormDecoder.decode(exchange.getRequestURI().getRawQuery(), body);
    int injected = faults.injectedError();
    if (injected != 0) {
      throw ApiError.injected(injected);
    }
    boolean lost = faults.loseAnswer(method, route.template(), path);
    String key = "POST".equals(method)
        ? exchange.getRequestHeaders().getFirst("Idempotency-Key") : null;
    String version = exchange.getRequestHeaders().getFirst("Stripe-Version");
    RequestContext context = new RequestContext(requestId, key, version == null || version.isBlank()
        ? RequestContext.DEFAULT_API_VERSION : version);
    ApiRequest request = new ApiRequest(method, path, match.get().pathParams(), Params.of(params),
        caller, context, account, ApiKeys.shown(authorization));
    try {
      // Keys are per account, as in Stripe: the same key sent as another account is another request.
      String scope = account == null ? key : account + " " + key;
      StoredResponse response = key == null ? execute(route, request)
          : executeOnce(key, scope, new Fingerprint(method, path, params), route, request);
      return new Reply(response, Map.of(), lost);
    } catch (ApiError error) {
      if (error.status() < 500) {
        refusals.increment(method + " " + route.template() + " " + error.code());
      }
      return new Reply(stored(error, requestId), Map.of(), lost);
    }
  }

  private StoredResponse executeOnce(String key, String scope, Fingerprint fingerprint,
      Router.Route route, ApiRequest request) {
    Claim claim = idempotency.claim(scope, fingerprint);
    switch (claim.outcome()) {
      case REPLAY:
        return claim.response();
      case IN_USE:
        throw ApiError.idempotencyKeyInUse(key);
      case MISMATCH:
        throw ApiError.idempotencyMismatch(key);
      default:
        break;
    }
    StoredResponse response = null;
    try {
      response = execute(route, request);
      return response;
    } catch (ApiError error) {
      if (error.replayable()) {
        response = stored(error, request.context().requestId());
      }
      throw error;
    } catch (RuntimeException bug) {
      log.error("Simulator failed on {} {}", request.method(), request.path(), bug);
      response = stored(ApiError.internal(), request.context().requestId());
      return response;
    } finally {
      if (response == null) {
        idempotency.release(scope);
      } else {
        idempotency.complete(scope, fingerprint, response);
      }
    }
  }

  private StoredResponse execute(Router.Route route, ApiRequest request) {
    beforeExecute.accept(request);
    JsonObject body = Json.omitting(route.endpoint().handle(request), faults.omittedFields());
    return new StoredResponse(200, Json.write(body).getBytes(StandardCharsets.UTF_8),
        request.context().requestId());
  }

  private void loseAnswer(HttpExchange exchange) {
    Duration delay = faults.answerLostDelay();
    // Closing an exchange before its response headers are sent closes the connection itself.
    if (delay.isZero()) {
      exchange.close();
    } else {
      delays.schedule(exchange::close, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private static Map<String, String> extraHeaders(ApiError error) {
    if (error.status() == 429) {
      return Map.of("Stripe-Rate-Limited-Reason", "global-rate");
    }
    if (error.status() >= 500 && !error.replayable()) {
      return Map.of("Stripe-Should-Retry", "true");
    }
    return Map.of();
  }

  private static StoredResponse stored(ApiError error, String requestId) {
    return new StoredResponse(error.status(), Json.write(error.body()).getBytes(StandardCharsets.UTF_8),
        requestId);
  }

  private static void write(HttpExchange exchange, Reply reply) throws IOException {
    StoredResponse response = reply.response();
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Request-Id", response.requestId());
    Cors.allowOrigin(exchange.getResponseHeaders());
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    if (key != null && "POST".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Idempotency-Key", key);
    }
    if (response.status() >= 500) {
      exchange.getResponseHeaders().set("Stripe-Should-Retry", "false");
    }
    reply.headers().forEach(exchange.getResponseHeaders()::set);
    exchange.sendResponseHeaders(response.status(), response.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(response.body());
    }
    exchange.close();
  }

  /** A response to write, with extra headers, or to withhold by closing the connection. */
  private record Reply(StoredResponse response, Map<String, String> headers, boolean lost) {

    static Reply of(StoredResponse response, Map<String, String> headers) {
      return new Reply(response, headers, false);
    }
  }
}
