package dev.checkstand.simulator.connect;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.ObjectStore;
import dev.checkstand.simulator.api.RequestContext;
import dev.checkstand.simulator.clock.SimClock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Account Links and what using one does: the onboarding page completes the account, once, before the link expires. */
public final class AccountLinks {

  /** How long a link can be used, as in Stripe. */
  static final Duration VALIDITY = Duration.ofMinutes(5);

  private final SimClock clock;
  private final Accounts accounts;
  private final Supplier<String> baseUrl;
  private final ObjectStore<AccountLink> links;

  /** Links to pages under {@code baseUrl}; at most {@code capacity} kept. */
  public AccountLinks(SimClock clock, Accounts accounts, Supplier<String> baseUrl, int capacity) {
    this.clock = clock;
    this.accounts = accounts;
    this.baseUrl = baseUrl;
    this.links = new ObjectStore<>(capacity);
  }

  JsonObject create(String account, String type, String refreshUrl, String returnUrl) {
    accounts.find(account);
    long now = clock.epochSecond();
    AccountLink link = new AccountLink(Ids.secret(32), account, type, refreshUrl, returnUrl, now,
        now + VALIDITY.toSeconds());
    links.add(link.token(), link);
    return link.toJson(baseUrl.get() + OnboardingPage.PATH + link.token());
  }

  /** The link with this token, if kept. */
  Optional<AccountLink> find(String token) {
    return links.find(token);
  }

  /** Whether the link can still be used now. */
  boolean usable(AccountLink link) {
    return link.usable(clock.epochSecond());
  }

  /** Uses the link: completes its account's onboarding and answers where to send the browser, its return_url; an expired or used link changes nothing and answers its refresh_url. */
  String use(AccountLink link) {
    if (!link.use(clock.epochSecond())) {
      return link.refreshUrl();
    }
    try {
      accounts.completeOnboarding(link.account(), RequestContext.automatic());
    } catch (ApiError deleted) {
      return link.refreshUrl();
    }
    return link.returnUrl();
  }

  /** Forgets every link. */
  public void reset() {
    links.clear();
  }
}
