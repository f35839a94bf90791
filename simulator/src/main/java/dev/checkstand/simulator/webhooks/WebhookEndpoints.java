package dev.checkstand.simulator.webhooks;

import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.ListQuery;
import dev.checkstand.simulator.api.ObjectStore;
import java.util.List;

/** The webhook endpoints: the one configured at start (kept even while it has no URL) and those made through the API. */
public final class WebhookEndpoints {

  /** Stripe's limit on webhook endpoints per account and mode. */
  static final int MAX_ENDPOINTS = 16;

  private final WebhookEndpoint configured;
  private final ObjectStore<WebhookEndpoint> endpoints = new ObjectStore<>(Integer.MAX_VALUE);

  /** Starts with the configured endpoint: {@code url} may be null, {@code secret} null for a generated one. */
  public WebhookEndpoints(String url, String secret, long now) {
    this.configured = new WebhookEndpoint(Ids.next("we"), now, url, List.of("*"),
        secret == null ? WebhookEndpoint.newSecret() : secret);
    endpoints.add(configured.id(), configured);
  }

  /** Refuses anything but an absolute http(s) URL. */
  public static void requireHttpUrl(String url) {
    WebhookEndpoint.parseUrl(url);
  }

  /** The endpoint configured at start ({@code webhookUrl}, {@code webhookSecret}). */
  public WebhookEndpoint configured() {
    return configured;
  }

  /** Adds an endpoint, with a new secret; 400 beyond Stripe's 16 endpoints. */
  public synchronized WebhookEndpoint create(String url, List<String> events, long now) {
    if (all().size() >= MAX_ENDPOINTS) {
      throw ApiError.invalidRequest("You have reached the maximum of " + MAX_ENDPOINTS
          + " test webhook endpoints.", "url", null);
    }
    WebhookEndpoint endpoint = new WebhookEndpoint(Ids.next("we"), now, url, events,
        WebhookEndpoint.newSecret());
    endpoints.add(endpoint.id(), endpoint);
    return endpoint;
  }

  /** An endpoint by id; 404 if there is none. */
  public WebhookEndpoint find(String id) {
    return endpoints.find(id).orElseThrow(() -> ApiError.noSuchObject("webhook_endpoint", id));
  }

  /** Whether the endpoint still exists (deleted endpoints get no more retries). */
  boolean exists(WebhookEndpoint endpoint) {
    return endpoints.find(endpoint.id()).orElse(null) == endpoint;
  }

  /** Deletes an endpoint; 404 if there is none. */
  public synchronized void delete(String id) {
    find(id);
    endpoints.remove(id);
  }

  /** Sets the configured endpoint's URL (null for none), adding it back if it was deleted. */
  public synchronized void setConfiguredUrl(String url) {
    configured.setUrl(url);
    if (!exists(configured)) {
      endpoints.add(configured.id(), configured);
    }
  }

  /** Every endpoint, newest first; the configured one only while it has a URL. */
  public List<WebhookEndpoint> all() {
    return endpoints.newestFirst(this::listed);
  }

  /** A page of endpoints, newest first. */
  public ObjectStore.Page<WebhookEndpoint> page(ListQuery query) {
    return endpoints.page(query, this::listed, "webhook_endpoint");
  }

  /** The endpoints an event of {@code type} goes to now. */
  List<WebhookEndpoint> accepting(String type) {
    return endpoints.newestFirst(endpoint -> endpoint.accepts(type));
  }

  /** Forgets the endpoints made through the API; keeps the configured one. */
  public synchronized void reset() {
    endpoints.clear();
    endpoints.add(configured.id(), configured);
  }

  private boolean listed(WebhookEndpoint endpoint) {
    return endpoint != configured || endpoint.url() != null;
  }
}
