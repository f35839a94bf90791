package dev.checkstand.simulator.payments;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.PathTemplate;
import dev.checkstand.simulator.api.RequestContext;
import dev.checkstand.simulator.http.Cors;
import dev.checkstand.simulator.http.FormDecoder;
import dev.checkstand.simulator.http.Html;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The 3-D Secure challenge page a {@code next_action} points to: complete or fail the authentication, then back to {@code return_url}. */
public final class ThreeDSecurePage implements HttpHandler {

  /** Where the pages live; a PaymentIntent's page is this plus its id. */
  public static final String PATH = "/3ds/";

  private static final PathTemplate PAGE = new PathTemplate(PATH + "{id}");

  private final Payments payments;

  /** Challenges for the PaymentIntents in {@code payments}. */
  public ThreeDSecurePage(Payments payments) {
    this.payments = payments;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      Map<String, String> page = PAGE.match(exchange.getRequestURI().getPath());
      if (page == null) {
        Html.write(exchange, 404, Html.page("Not found", "<h1>Not found</h1>"));
      } else if (exchange.getRequestMethod().equals("POST")) {
        answer(exchange, page.get("id"));
      } else {
        show(exchange, payments.intent(page.get("id")));
      }
    } catch (ApiError missing) {
      Html.write(exchange, 404, Html.page("Not found",
          "<h1>Not found</h1><p>" + Html.escape(missing.getMessage()) + "</p>"));
    } finally {
      exchange.close();
    }
  }

  private void show(HttpExchange exchange, JsonObject intent) throws IOException {
    String id = intent.get("id").getAsString();
    String status = intent.get("status").getAsString();
    String body = !status.equals("requires_action")
        ? "<h1>Nothing to authenticate</h1><p>This PaymentIntent is " + Html.escape(status) + ".</p>"
        : "<h1>3-D Secure test challenge</h1><p>Authenticate the payment of " + Html.escape(id)
            + ".</p>\n" + button(id, "complete", "Complete authentication") + "\n"
            + button(id, "fail", "Fail authentication");
    Html.write(exchange, 200, Html.page("3-D Secure", body));
  }

  /** Completes or fails the challenge; the answer is readable from any origin, as the Stripe.js stand-in posts here from the shop's page. */
  private void answer(HttpExchange exchange, String id) throws IOException {
    Cors.allowOrigin(exchange.getResponseHeaders());
    String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    boolean succeed = "complete".equals(FormDecoder.decode(form).get("outcome"));
    JsonObject intent;
    try {
      intent = payments.completeAuthentication(id, succeed, RequestContext.automatic());
    } catch (IllegalStateException notAwaited) {
      show(exchange, payments.intent(id));
      return;
    }
    String returnUrl = payments.returnUrl(id);
    if (returnUrl == null) {
      show(exchange, intent);
      return;
    }
    String separator = returnUrl.contains("?") ? "&" : "?";
    Html.redirect(exchange, returnUrl + separator + "payment_intent=" + encode(id)
        + "&payment_intent_client_secret=" + encode(intent.get("client_secret").getAsString())
        + "&redirect_status=" + (succeed ? "succeeded" : "failed"));
  }

  private static String button(String id, String outcome, String label) {
    return "<form method=\"post\" action=\"" + PATH + Html.escape(id) + "\"><input type=\"hidden\""
        + " name=\"outcome\" value=\"" + outcome + "\"><button type=\"submit\">" + label
        + "</button></form>";
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
