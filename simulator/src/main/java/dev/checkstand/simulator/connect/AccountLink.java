package dev.checkstand.simulator.connect;

import com.google.gson.JsonObject;
import java.util.concurrent.atomic.AtomicBoolean;

/** An Account Link: a single-use URL to the onboarding page, valid until {@code expiresAt}. */
final class AccountLink {

  private final String token;
  private final String account;
  private final String type;
  private final String refreshUrl;
  private final String returnUrl;
  private final long created;
  private final long expiresAt;
  private final AtomicBoolean used = new AtomicBoolean();

  AccountLink(String token, String account, String type, String refreshUrl, String returnUrl,
      long created, long expiresAt) {
    this.token = token;
    this.account = account;
    this.type = type;
    this.refreshUrl = refreshUrl;
    this.returnUrl = returnUrl;
    this.created = created;
    this.expiresAt = expiresAt;
  }

  String token() {
    return token;
  }

  String account() {
    return account;
  }

  String type() {
    return type;
  }

  String refreshUrl() {
    return refreshUrl;
  }

  String returnUrl() {
    return returnUrl;
  }

  long created() {
    return created;
  }

  /** Whether the link can still be used at {@code now} (unix seconds): neither used nor expired. */
  boolean usable(long now) {
    return !used.get() && now < expiresAt;
  }

  /** Uses the link at {@code now}; false if it was already used or has expired. */
  boolean use(long now) {
    return now < expiresAt && used.compareAndSet(false, true);
  }

  JsonObject toJson(String url) {
    JsonObject json = new JsonObject();
    json.addProperty("object", "account_link");
    json.addProperty("created", created);
    json.addProperty("expires_at", expiresAt);
    json.addProperty("url", url);
    return json;
  }
}
