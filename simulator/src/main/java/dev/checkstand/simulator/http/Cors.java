package dev.checkstand.simulator.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * Cross-origin access for browsers: a checkout page on its own origin (say {@code http://localhost:8080}) runs the
 * Stripe.js stand-in, which calls the simulator's API on another origin, as Stripe.js calls {@code api.stripe.com}.
 * Every origin is allowed ({@code *}, no credentials): what a browser may do is still decided by its API key, so a
 * publishable key keeps getting 403 on secret-key operations.
 */
public final class Cors {

  /** The request headers a browser may send: the key, the form body, the API version and an idempotency key. */
  static final String ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, Stripe-Version";
  static final String ALLOWED_METHODS = "GET, POST, DELETE";
  static final String EXPOSED_HEADERS = "Request-Id, Idempotency-Key, Stripe-Should-Retry";
  /** How long a browser may reuse a preflight answer, in seconds. */
  static final String MAX_AGE = "600";

  private Cors() {}

  /** Whether {@code exchange} is a CORS preflight (or any {@code OPTIONS}) request, which {@link #answerPreflight} answers. */
  public static boolean isPreflight(HttpExchange exchange) {
    return "OPTIONS".equals(exchange.getRequestMethod());
  }

  /** Answers a preflight with 204 and what the browser may send; nothing else happens, nothing is counted. */
  public static void answerPreflight(HttpExchange exchange) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    allowOrigin(headers);
    headers.set("Access-Control-Allow-Methods", ALLOWED_METHODS);
    headers.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
    headers.set("Access-Control-Max-Age", MAX_AGE);
    exchange.sendResponseHeaders(204, -1);
    exchange.close();
  }

  /** Lets a page on any origin read this response and its {@code Request-Id}. */
  public static void allowOrigin(Headers responseHeaders) {
    responseHeaders.set("Access-Control-Allow-Origin", "*");
    responseHeaders.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
  }
}
