package dev.checkstand.simulator.webhooks;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.ApiRequest;
import dev.checkstand.simulator.api.ListQuery;
import dev.checkstand.simulator.api.Metadata;
import dev.checkstand.simulator.api.ObjectStore;
import dev.checkstand.simulator.api.Params;
import dev.checkstand.simulator.api.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The webhook endpoint endpoints of the Stripe API: create (with its secret), retrieve, update, list, delete. */
public final class WebhookEndpointApi {

  private static final String BASE = "/v1/webhook_endpoints";
  private static final Pattern EVENT_TYPE = Pattern.compile("\\*|[a-z_]+(\\.[a-z_]+)+");

  private final WebhookEndpoints endpoints;
  private final Clock clock;

  /** Endpoints over {@code endpoints}; new ones are {@code created} by {@code clock}. */
  public WebhookEndpointApi(WebhookEndpoints endpoints, Clock clock) {
    this.endpoints = endpoints;
    this.clock = clock;
  }

  /** Adds this group's routes to {@code router}. */
  public void register(Router router) {
    router.add("POST", BASE, Router.Access.SECRET_KEY, this::create);
    router.add("GET", BASE, Router.Access.SECRET_KEY, this::list);
    router.add("GET", BASE + "/{id}", Router.Access.SECRET_KEY, this::retrieve);
    router.add("POST", BASE + "/{id}", Router.Access.SECRET_KEY, this::update);
    router.add("DELETE", BASE + "/{id}", Router.Access.SECRET_KEY, this::delete);
  }

  private JsonObject create(ApiRequest request) {
    Params params = request.params();
    params.allowOnly(Set.of("url", "enabled_events", "description", "metadata", "api_version",
        "connect", "expand"));
    params.requireExpandable(Set.of(), "");
    String url = url(params.requiredString("url"));
    List<String> events = enabledEvents(params).orElseThrow(
        () -> ApiError.parameterMissing("enabled_events"));
    boolean connect = params.bool("connect").orElse(false);
    Map<String, String> metadata = Metadata.apply(Map.of(), params.raw("metadata"));
    WebhookEndpoint endpoint = endpoints.create(url, events, connect, clock.instant().getEpochSecond());
    endpoint.update(null, null, params.string("description").orElse(null), metadata, null);
    return endpoint.toJson(true);
  }

  private JsonObject retrieve(ApiRequest request) {
    request.params().allowOnly(Set.of("expand"));
    request.params().requireExpandable(Set.of(), "");
    return endpoints.find(request.pathParam("id")).toJson(false);
  }

  private JsonObject update(ApiRequest request) {
    Params params = request.params();
    params.allowOnly(Set.of("url", "enabled_events", "description", "metadata", "disabled", "expand"));
    params.requireExpandable(Set.of(), "");
    WebhookEndpoint endpoint = endpoints.find(request.pathParam("id"));
    String url = params.string("url").map(WebhookEndpointApi::url).orElse(null);
    List<String> events = enabledEvents(params).orElse(null);
    Map<String, String> metadata = params.has("metadata")
        ? Metadata.apply(endpoint.metadata(), params.raw("metadata")) : null;
    endpoint.update(url, events, params.string("description").orElse(null), metadata,
        params.bool("disabled").orElse(null));
    return endpoint.toJson(false);
  }

  private JsonObject delete(ApiRequest request) {
    String id = request.pathParam("id");
    endpoints.delete(id);
    JsonObject deleted = new JsonObject();
    deleted.addProperty("id", id);
    deleted.addProperty("object", "webhook_endpoint");
    deleted.addProperty("deleted", true);
    return deleted;
  }

  private JsonObject list(ApiRequest request) {
    request.params().allowOnly(ListQuery.PARAMS);
    request.params().requireExpandable(Set.of(), "");
    ListQuery query = ListQuery.<WebhookEndpoint>of(request.params(), WebhookEndpoint::created);
    ObjectStore.Page<WebhookEndpoint> page = endpoints.page(query);
    List<JsonObject> data = new ArrayList<>();
    page.data().forEach(endpoint -> data.add(endpoint.toJson(false)));
    return ListQuery.render(BASE, data, page.hasMore());
  }

  private static String url(String url) {
    try {
      WebhookEndpoints.requireHttpUrl(url);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalidRequest("Invalid URL: " + url + ". URLs must begin with http:// or"
          + " https://.", "url", "url_invalid");
    }
    return url;
  }

  private static Optional<List<String>> enabledEvents(Params params) {
    Optional<List<String>> events = params.strings("enabled_events");
    events.ifPresent(types -> {
      if (types.isEmpty()) {
        throw ApiError.invalidRequest("Invalid array", "enabled_events", null);
      }
      for (int i = 0; i < types.size(); i++) {
        if (!EVENT_TYPE.matcher(types.get(i)).matches()) {
          throw ApiError.invalidRequest("Invalid enabled_events[" + i + "]: " + types.get(i)
              + " is not an event type.", "enabled_events[" + i + "]", null);
        }
      }
    });
    return events;
  }
}
