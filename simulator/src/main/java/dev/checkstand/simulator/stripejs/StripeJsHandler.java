package dev.checkstand.simulator.stripejs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.checkstand.simulator.http.Cors;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Serves the Stripe.js stand-in at {@code GET /v3/} (and {@code /v3}), so a checkout page loads
 * {@code {simulator}/v3/} where it would load {@code https://js.stripe.com/v3/}. The script calls the API at the
 * host the browser fetched it from, which is the simulator as the browser sees it.
 */
public final class StripeJsHandler implements HttpHandler {

  /** The context this handler serves; only {@code /v3} and {@code /v3/} are the script. */
  public static final String PATH = "/v3";

  /** A host and optional port as a browser sends it, nothing that could break out of a JSON string. */
  private static final Pattern HOST =
      Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?");

  private final StripeJsScript script = StripeJsScript.load();
  private final Supplier<String> baseUrl;

  /** Falls back to {@code baseUrl} (e.g. {@code http://localhost:12111}) when a request has no usable Host header. */
  public StripeJsHandler(Supplier<String> baseUrl) {
    this.baseUrl = baseUrl;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (!path.equals(PATH) && !path.equals(PATH + "/")) {
        send(exchange, 404, "text/plain; charset=utf-8", "Not found: the Stripe.js stand-in is at /v3/\n");
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "Method not allowed\n");
      } else {
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        Cors.allowOrigin(exchange.getResponseHeaders());
        send(exchange, 200, "text/javascript; charset=utf-8", script.render(apiBase(exchange)));
      }
    } finally {
      exchange.close();
    }
  }

  private String apiBase(HttpExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    return host != null && HOST.matcher(host).matches() ? "http://" + host : baseUrl.get();
  }

  private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
