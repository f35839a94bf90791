package dev.checkstand.simulator.webhooks;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.Json;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A webhook endpoint: where events of its {@code enabled_events} go, signed with its secret (two during a roll). A
 * Connect endpoint ({@code connect=true}) takes only events on connected accounts, any other only the platform's.
 */
public final class WebhookEndpoint {

  private final String id;
  private final long created;
  private final boolean connect;
  private final String application;
  private URI url;
  private List<String> enabledEvents;
  private String description;
  private Map<String, String> metadata = new LinkedHashMap<>();
  private boolean disabled;
  private String secret;
  private String previousSecret;

  /** {@code application} is the platform's Connect application, shown on a Connect endpoint; null otherwise. */
  WebhookEndpoint(String id, long created, String url, List<String> enabledEvents, String secret,
      String application) {
    this.id = id;
    this.created = created;
    this.connect = application != null;
    this.application = application;
    this.url = url == null ? null : parseUrl(url);
    this.enabledEvents = List.copyOf(enabledEvents);
    this.secret = secret;
  }

  /** A new {@code whsec_} signing secret. */
  static String newSecret() {
    return "whsec_" + Ids.secret(32);
  }

  /** The id, {@code we_...}. */
  public synchronized String id() {
    return id;
  }

  synchronized long created() {
    return created;
  }

  /** The URL, or null while the endpoint has none. */
  public synchronized String url() {
    return url == null ? null : url.toString();
  }

  synchronized URI uri() {
    return url;
  }

  /** The current signing secret. */
  public synchronized String secret() {
    return secret;
  }

  /** The secrets every delivery is signed with now: the current one, and the previous one during a roll. */
  public synchronized List<String> signingSecrets() {
    List<String> secrets = new ArrayList<>(2);
    secrets.add(secret);
    if (previousSecret != null) {
      secrets.add(previousSecret);
    }
    return secrets;
  }

  /** Whether this endpoint takes events on connected accounts rather than the platform's. */
  public boolean connect() {
    return connect;
  }

  /** Whether an event of {@code type} on {@code account} (null: the platform) is sent here now. */
  synchronized boolean accepts(String type, String account) {
    return !disabled && url != null && connect == (account != null)
        && (enabledEvents.contains("*") || enabledEvents.contains(type));
  }

  synchronized void setUrl(String newUrl) {
    url = newUrl == null ? null : parseUrl(newUrl);
  }

  synchronized void update(String newUrl, List<String> events, String newDescription,
      Map<String, String> newMetadata, Boolean newDisabled) {
    if (newUrl != null) {
      url = parseUrl(newUrl);
    }
    enabledEvents = events == null ? enabledEvents : List.copyOf(events);
    description = newDescription == null ? description : newDescription.isEmpty() ? null : newDescription;
    metadata = newMetadata == null ? metadata : new LinkedHashMap<>(newMetadata);
    disabled = newDisabled == null ? disabled : newDisabled;
  }

  synchronized Map<String, String> metadata() {
    return new LinkedHashMap<>(metadata);
  }

  /** Starts a roll: a new current secret, the old one still signing until {@link #expirePreviousSecret}. */
  public synchronized String rollSecret() {
    previousSecret = secret;
    secret = newSecret();
    return secret;
  }

  /** Ends a roll: only the current secret signs from now on. */
  public synchronized void expirePreviousSecret() {
    previousSecret = null;
  }

  /** Ends a roll if {@code secret} is still the previous secret (a later roll keeps its own). */
  public synchronized void expirePreviousSecret(String secret) {
    if (secret.equals(previousSecret)) {
      previousSecret = null;
    }
  }

  /** Stripe's {@code webhook_endpoint} object; the secret only where Stripe shows it (on create). */
  synchronized JsonObject toJson(boolean withSecret) {
    JsonObject json = new JsonObject();
    json.addProperty("id", id);
    json.addProperty("object", "webhook_endpoint");
    json.add("api_version", JsonNull.INSTANCE);
    json.addProperty("application", application);
    json.addProperty("created", created);
    json.addProperty("description", description);
    json.add("enabled_events", Json.strings(enabledEvents));
    json.addProperty("livemode", false);
    json.add("metadata", Json.strings(metadata));
    if (withSecret) {
      json.addProperty("secret", secret);
    }
    json.addProperty("status", disabled ? "disabled" : "enabled");
    json.addProperty("url", url());
    return json;
  }

  /** The URL; IllegalArgumentException unless it is an absolute http(s) URL. */
  static URI parseUrl(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Webhook URL must be an absolute http(s) URL: " + url, e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("Webhook URL must be an absolute http(s) URL: " + url);
    }
    return uri;
  }
}
