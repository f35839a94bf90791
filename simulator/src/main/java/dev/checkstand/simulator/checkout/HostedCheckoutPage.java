package dev.checkstand.simulator.checkout;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.checkstand.simulator.api.Amounts;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.PathTemplate;
import dev.checkstand.simulator.http.FormDecoder;
import dev.checkstand.simulator.http.Html;
import dev.checkstand.simulator.payments.Attempt;
import dev.checkstand.simulator.payments.TestPaymentMethods;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The hosted payment page a Session's {@code url} opens: pick a test payment method and pay, or go back to {@code cancel_url}. */
public final class HostedCheckoutPage implements HttpHandler {

  /** Where the pages live; a session's page is this plus its id. */
  public static final String PATH = "/c/pay/";

  private static final PathTemplate PAGE = new PathTemplate(PATH + "{id}");
  private static final PathTemplate CANCEL = new PathTemplate(PATH + "{id}/cancel");
  private static final PathTemplate AUTHENTICATE = new PathTemplate(PATH + "{id}/authenticate");

  private final CheckoutSessions sessions;

  /** Pages for the sessions in {@code sessions}. */
  public HostedCheckoutPage(CheckoutSessions sessions) {
    this.sessions = sessions;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    try {
      Map<String, String> page = PAGE.match(path);
      Map<String, String> cancel = CANCEL.match(path);
      Map<String, String> authenticate = AUTHENTICATE.match(path);
      if (page != null && method.equals("GET")) {
        show(exchange, sessions.find(page.get("id")), null);
      } else if (page != null && method.equals("POST")) {
        pay(exchange, sessions.find(page.get("id")));
      } else if (authenticate != null && method.equals("POST")) {
        authenticate(exchange, sessions.find(authenticate.get("id")));
      } else if (cancel != null && method.equals("GET")) {
        cancel(exchange, sessions.find(cancel.get("id")));
      } else {
        Html.write(exchange, 404, Html.page("Not found", "<h1>Not found</h1>"));
      }
    } catch (ApiError missing) {
      Html.write(exchange, 404, Html.page("Not found",
          "<h1>Not found</h1><p>" + Html.escape(missing.getMessage()) + "</p>"));
    } finally {
      exchange.close();
    }
  }

  private void pay(HttpExchange exchange, CheckoutSession session) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, Object> form = FormDecoder.decode(body);
    Object method = form.get("payment_method");
    if (!(method instanceof String) || !TestPaymentMethods.offered().containsKey(method)) {
      show(exchange, session, "Choose one of the test payment methods.");
      return;
    }
    Object email = form.get("email");
    Attempt attempt;
    try {
      attempt = sessions.pay(session.id(), (String) method, email instanceof String ? (String) email : null);
    } catch (IllegalStateException notOpen) {
      show(exchange, session, null);
      return;
    }
    finish(exchange, session, attempt);
  }

  private void authenticate(HttpExchange exchange, CheckoutSession session) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    boolean succeed = "complete".equals(FormDecoder.decode(body).get("outcome"));
    Attempt attempt;
    try {
      attempt = sessions.authenticate(session.id(), succeed);
    } catch (IllegalStateException nothingToAuthenticate) {
      show(exchange, session, null);
      return;
    }
    finish(exchange, session, attempt);
  }

  private void finish(HttpExchange exchange, CheckoutSession session, Attempt attempt)
      throws IOException {
    if (attempt.completed()) {
      String success = session.successUrl();
      if (success != null) {
        Html.redirect(exchange, success);
      } else {
        show(exchange, session, null);
      }
    } else if (attempt.errorMessage() != null) {
      show(exchange, session, attempt.errorMessage());
    } else {
      Html.redirect(exchange, PATH + session.id());
    }
  }

  private void cancel(HttpExchange exchange, CheckoutSession session) throws IOException {
    String cancelUrl = session.spec().cancelUrl();
    if (cancelUrl == null) {
      Html.redirect(exchange, PATH + session.id());
    } else {
      Html.redirect(exchange, cancelUrl);
    }
  }

  private void show(HttpExchange exchange, CheckoutSession session, String error) throws IOException {
    String intentId = session.locked(session::paymentIntentId);
    boolean challenged = intentId != null
        && "requires_action".equals(sessions.paymentStatus(intentId));
    String body = session.locked(() -> switch (session.status()) {
      case COMPLETE -> "<h1>Payment complete</h1><p>This Checkout Session is complete.</p>";
      case EXPIRED -> "<h1>Session expired</h1><p>This Checkout Session has expired.</p>";
      case OPEN -> challenged ? challenge(session) : form(session, error);
    });
    Html.write(exchange, 200, Html.page("Checkstand test checkout", body));
  }

  private static String challenge(CheckoutSession session) {
    String action = PATH + Html.escape(session.id()) + "/authenticate";
    return "<h1>3-D Secure test challenge</h1><p>Your bank asks you to authenticate this payment of "
        + Html.escape(Amounts.format(session.spec().amountTotal(), session.spec().currency()))
        + ".</p>\n" + button(action, "complete", "Complete authentication") + "\n"
        + button(action, "fail", "Fail authentication");
  }

  private static String button(String action, String outcome, String label) {
    return "<form method=\"post\" action=\"" + action + "\"><input type=\"hidden\" name=\"outcome\""
        + " value=\"" + outcome + "\"><button type=\"submit\">" + label + "</button></form>";
  }

  private static String form(CheckoutSession session, String error) {
    NewSession spec = session.spec();
    StringBuilder html = new StringBuilder("<h1>Pay ")
        .append(Html.escape(Amounts.format(spec.amountTotal(), spec.currency()))).append("</h1>\n<table>");
    for (LineItem item : spec.lineItems()) {
      html.append("<tr><td>").append(Html.escape(item.name())).append(" &times; ")
          .append(item.quantity()).append("</td><td class=\"amount\">")
          .append(Html.escape(Amounts.format(item.amount(), item.currency()))).append("</td></tr>");
    }
    html.append("</table>\n");
    if (error != null) {
      html.append("<p class=\"error\" role=\"alert\">").append(Html.escape(error)).append("</p>\n");
    }
    html.append("<form method=\"post\" action=\"").append(PATH).append(Html.escape(session.id()))
        .append("\">\n<label>Email <input type=\"email\" name=\"email\" value=\"")
        .append(Html.escape(spec.customerEmail())).append("\"></label>\n<fieldset><legend>Test payment method</legend>\n");
    boolean first = true;
    for (Map.Entry<String, String> option : TestPaymentMethods.offered().entrySet()) {
      html.append("<label><input type=\"radio\" name=\"payment_method\" value=\"")
          .append(Html.escape(option.getKey())).append('"').append(first ? " checked" : "")
          .append("> ").append(Html.escape(option.getValue())).append("</label>\n");
      first = false;
    }
    html.append("</fieldset>\n<button type=\"submit\">Pay</button>\n</form>\n");
    if (spec.cancelUrl() != null) {
      html.append("<p><a href=\"").append(PATH).append(Html.escape(session.id()))
          .append("/cancel\">Back</a></p>\n");
    }
    return html.toString();
  }
}
