package dev.checkstand.simulator.connect;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.checkstand.simulator.api.PathTemplate;
import dev.checkstand.simulator.http.Html;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** The hosted onboarding page an Account Link's {@code url} opens: one button that completes the account's onboarding. */
public final class OnboardingPage implements HttpHandler {

  /** Where the pages live; a link's page is this plus its token. */
  public static final String PATH = "/connect/onboarding/";

  private static final PathTemplate PAGE = new PathTemplate(PATH + "{token}");

  private final AccountLinks links;

  /** Pages for the links in {@code links}. */
  public OnboardingPage(AccountLinks links) {
    this.links = links;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      Map<String, String> page = PAGE.match(exchange.getRequestURI().getPath());
      Optional<AccountLink> link = page == null ? Optional.empty() : links.find(page.get("token"));
      String method = exchange.getRequestMethod();
      if (link.isEmpty() || !method.equals("GET") && !method.equals("POST")) {
        Html.write(exchange, 404, Html.page("Not found", "<h1>Not found</h1><p>This onboarding link"
            + " does not exist.</p>"));
      } else if (method.equals("POST")) {
        exchange.getRequestBody().readAllBytes();
        Html.redirect(exchange, links.use(link.get()));
      } else if (!links.usable(link.get())) {
        Html.redirect(exchange, link.get().refreshUrl());
      } else {
        Html.write(exchange, 200, Html.page("Checkstand test onboarding", form(link.get())));
      }
    } finally {
      exchange.close();
    }
  }

  private static String form(AccountLink link) {
    String account = Html.escape(link.account());
    String verb = link.type().equals("account_update") ? "Update account details" : "Complete onboarding";
    return "<h1>" + verb + " for " + account + "</h1>\n<p>This is the Stripe simulator's test"
        + " onboarding. Submitting gives the connected account " + account + " everything Stripe asks"
        + " for: details submitted, charges and payouts enabled.</p>\n<form method=\"post\" action=\""
        + PATH + Html.escape(link.token()) + "\">\n<button type=\"submit\">" + verb
        + "</button>\n</form>\n";
  }
}
