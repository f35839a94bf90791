package dev.checkstand.simulator.webhooks;

import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.ListQuery;
import dev.checkstand.simulator.api.ObjectStore;
import java.util.List;

/** The webhook endpoints: the two configured at start, the platform's and the Connect one (kept even while they have no URL), and those made through the API. */
public final class WebhookEndpoints {

  /** Stripe's limit on webhook endpoints per account and mode. */
  static final int MAX_ENDPOINTS = 16;

  private final WebhookEndpoint configured;
  private final WebhookEndpoint configuredConnect;
  private final String application;
  private final ObjectStore<WebhookEndpoint> endpoints = new ObjectStore<>(Integer.MAX_VALUE);

  /** Starts with the configured endpoint and no Connect endpoint URL: {@code url} may be null, {@code secret} null for a generated one. */
  public WebhookEndpoints(String url, String secret, long now) {
    this(url, secret, null, null, Ids.next("ca"), now);
  }

  /**
   * Starts with the configured endpoints, the platform's and the Connect one: URLs may be null, secrets null for
   * generated ones; Connect endpoints show the platform's Connect {@code application} ({@code ca_...}).
   */
  public WebhookEndpoints(String url, String secret, String connectUrl, String connectSecret,
      String application, long now) {
    this.application = application;
    this.configured = new WebhookEndpoint(Ids.next("we"), now, url, List.of("*"),
        secret == null ? WebhookEndpoint.newSecret() : secret, null);
    this.configuredConnect = new WebhookEndpoint(Ids.next("we"), now, connectUrl, List.of("*"),
        connectSecret == null ? WebhookEndpoint.newSecret() : connectSecret, application);
    endpoints.add(configured.id(), configured);
    endpoints.add(configuredConnect.id(), configuredConnect);
  }

  /** Refuses anything but an absolute http(s) URL. */
  public static void requireHttpUrl(String url) {
    WebhookEndpoint.parseUrl(url);
  }

  /** The endpoint configured at start ({@code webhookUrl}, {@code webhookSecret}). */
  public WebhookEndpoint configured() {
    return configured;
  }

  /** The Connect endpoint configured at start ({@code connectWebhookUrl}, {@code connectWebhookSecret}). */
  public WebhookEndpoint configuredConnect() {
    return configuredConnect;
  }

  /** Adds a platform endpoint, with a new secret; 400 beyond Stripe's 16 endpoints. */
  public WebhookEndpoint create(String url, List<String> events, long now) {
    return create(url, events, false, now);
  }

  /** Adds an endpoint, a Connect one when {@code connect}, with a new secret; 400 beyond Stripe's 16 endpoints. */
  public synchronized WebhookEndpoint create(String url, List<String> events, boolean connect,
      long now) {
    if (all().size() >= MAX_ENDPOINTS) {
      throw ApiError.invalidRequest("You have reached the maximum of " + MAX_ENDPOINTS
          + " test webhook endpoints.", "url", null);
    }
    WebhookEndpoint endpoint = new WebhookEndpoint(Ids.next("we"), now, url, events,
        WebhookEndpoint.newSecret(), connect ? application : null);
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

  /** Sets the configured Connect endpoint's URL (null for none), adding it back if it was deleted. */
  public synchronized void setConfiguredConnectUrl(String url) {
    configuredConnect.setUrl(url);
    if (!exists(configuredConnect)) {
      endpoints.add(configuredConnect.id(), configuredConnect);
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

  /** The endpoints an event of {@code type} on {@code account} (null: the platform) goes to now. */
  List<WebhookEndpoint> accepting(String type, String account) {
    return endpoints.newestFirst(endpoint -> endpoint.accepts(type, account));
  }

  /** Forgets the endpoints made through the API; keeps the configured ones. */
  public synchronized void reset() {
    endpoints.clear();
    endpoints.add(configured.id(), configured);
    endpoints.add(configuredConnect.id(), configuredConnect);
  }

  private boolean listed(WebhookEndpoint endpoint) {
    return endpoint != configured && endpoint != configuredConnect || endpoint.url() != null;
  }
}
