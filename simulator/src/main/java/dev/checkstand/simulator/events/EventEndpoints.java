package dev.checkstand.simulator.events;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.ApiError;
import dev.checkstand.simulator.api.ApiRequest;
import dev.checkstand.simulator.api.Json;
import dev.checkstand.simulator.api.ListQuery;
import dev.checkstand.simulator.api.ObjectStore;
import dev.checkstand.simulator.api.Params;
import dev.checkstand.simulator.api.Router;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** {@code GET /v1/events} (newest first, 30 days) and {@code GET /v1/events/{id}}: the platform's events, or with {@code Stripe-Account} that account's. */
public final class EventEndpoints {

  private static final int MAX_TYPES = 20;

  private final Events events;

  /** Endpoints over the events in {@code events}. */
  public EventEndpoints(Events events) {
    this.events = events;
  }

  /** Adds this group's routes to {@code router}. */
  public void register(Router router) {
    router.add("GET", "/v1/events", Router.Access.SECRET_KEY, this::list);
    router.add("GET", "/v1/events/{id}", Router.Access.SECRET_KEY, this::retrieve);
  }

  private JsonObject retrieve(ApiRequest request) {
    request.params().allowOnly(Set.of("expand"));
    request.params().requireExpandable(Set.of(), "");
    String id = request.pathParam("id");
    return render(events.find(id).filter(event -> Objects.equals(request.account(), event.account()))
        .orElseThrow(() -> ApiError.noSuchObject("event", id)));
  }

  private JsonObject list(ApiRequest request) {
    Params params = request.params();
    Set<String> allowed = new HashSet<>(ListQuery.PARAMS);
    allowed.addAll(Set.of("type", "types", "delivery_success"));
    params.allowOnly(allowed);
    params.requireExpandable(Set.of(), "");
    ListQuery query = ListQuery.<Event>of(params, Event::created);
    // The platform's events without Stripe-Account; a connected account's with it.
    Predicate<Event> filter = typeFilter(params).and(event -> !events.expired(event))
        .and(event -> Objects.equals(request.account(), event.account()));
    Boolean delivered = params.bool("delivery_success").orElse(null);
    if (delivered != null) {
      filter = filter.and(event -> (event.pendingWebhooks() == 0) == delivered);
    }
    ObjectStore.Page<Event> page = events.store().page(query, filter, "event");
    List<JsonObject> data = new ArrayList<>();
    page.data().forEach(event -> data.add(render(event)));
    return ListQuery.render("/v1/events", data, page.hasMore());
  }

  private static Predicate<Event> typeFilter(Params params) {
    String type = params.string("type").filter(s -> !s.isEmpty()).orElse(null);
    List<String> types = params.has("types") ? params.strings("types").orElse(List.of()) : null;
    if (type != null && types != null) {
      throw ApiError.invalidRequest("You may only specify one of these parameters: type, types.",
          "types", null);
    }
    if (types != null) {
      if (types.size() > MAX_TYPES) {
        throw ApiError.invalidRequest("Invalid array: types can have at most " + MAX_TYPES
            + " elements, but you passed " + types.size() + ".", "types", null);
      }
      Set<String> wanted = Set.copyOf(types);
      return event -> wanted.contains(event.type());
    }
    if (type == null) {
      return event -> true;
    }
    Pattern glob = Pattern.compile(Pattern.quote(type).replace("*", "\\E.*\\Q"));
    return event -> glob.matcher(event.type()).matches();
  }

  /** The event as delivered, with its current {@code pending_webhooks}. */
  private static JsonObject render(Event event) {
    JsonObject json = Json.parseObject(event.payload());
    json.addProperty("pending_webhooks", event.pendingWebhooks());
    return json;
  }
}
