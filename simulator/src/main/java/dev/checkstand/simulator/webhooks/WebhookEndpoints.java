package dev.checkstand.simulator.webhooks;

import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.Ids;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The webhook endpoints: the one configured at start (kept even while it has no URL) and those made through the API. */
public final class WebhookEndpoints {

  private final WebhookEndpoint configured;
  private final Map<String, WebhookEndpoint> endpoints = new LinkedHashMap<>();

  /** Starts with the configured endpoint: {@code url} may be null, {@code secret} null for a generated one. */
  public WebhookEndpoints(String url, String secret, long now) {
    this.configured = new WebhookEndpoint(Ids.next("we"), now, url, List.of("*"),
        secret == null ? WebhookEndpoint.newSecret() : secret);
    endpoints.put(configured.id(), configured);
  }

  /** Refuses anything but an absolute http(s) URL. */
  public static void requireHttpUrl(String url) {
    WebhookEndpoint.parseUrl(url);
  }

  /** The endpoint configured at start ({@code webhookUrl}, {@code webhookSecret}). */
  public WebhookEndpoint configured() {
    return configured;
  }

  /** Adds an endpoint made through the API. */
  synchronized WebhookEndpoint create(String url, List<String> events, long now) {
    WebhookEndpoint endpoint = new WebhookEndpoint(Ids.next("we"), now, url, events,
        WebhookEndpoint.newSecret());
    endpoints.put(endpoint.id(), endpoint);
    return endpoint;
  }

  /** An endpoint by id; 404 if there is none. */
  public synchronized WebhookEndpoint find(String id) {
    return Optional.ofNullable(endpoints.get(id))
        .orElseThrow(() -> ApiError.noSuchObject("webhook_endpoint", id));
  }

  /** Whether the endpoint still exists (deleted endpoints get no more retries). */
  synchronized boolean exists(WebhookEndpoint endpoint) {
    return endpoints.get(endpoint.id()) == endpoint;
  }

  synchronized void delete(String id) {
    find(id);
    endpoints.remove(id);
  }

  /** Sets the configured endpoint's URL (null for none), adding it back if it was deleted. */
  public synchronized void setConfiguredUrl(String url) {
    configured.setUrl(url);
    endpoints.putIfAbsent(configured.id(), configured);
  }

  /** Every endpoint, oldest first; the configured one only while it has a URL. */
  public synchronized List<WebhookEndpoint> all() {
    List<WebhookEndpoint> all = new ArrayList<>();
    for (WebhookEndpoint endpoint : endpoints.values()) {
      if (endpoint != configured || endpoint.url() != null) {
        all.add(endpoint);
      }
    }
    return all;
  }

  /** The endpoints an event of {@code type} goes to now. */
  synchronized List<WebhookEndpoint> accepting(String type) {
    List<WebhookEndpoint> accepting = new ArrayList<>();
    for (WebhookEndpoint endpoint : endpoints.values()) {
      if (endpoint.accepts(type)) {
        accepting.add(endpoint);
      }
    }
    return accepting;
  }

  /** Forgets the endpoints made through the API; keeps the configured one. */
  public synchronized void reset() {
    endpoints.clear();
    endpoints.put(configured.id(), configured);
  }
}
