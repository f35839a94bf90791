package dev.checkstand.simulator.events;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.Json;
import dev.checkstand.simulator.api.ObjectStore;
import dev.checkstand.simulator.api.RequestContext;
import dev.checkstand.simulator.clock.SimClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/** The event log: snapshot events in recording order, kept 30 simulated days (and at most a capacity), handed on to delivery. */
public final class Events {

  /** How long events stay listable, as in Stripe. */
  public static final Duration RETENTION = Duration.ofDays(30);

  private final SimClock clock;
  private final EventDelivery delivery;
  private final Supplier<String> apiVersionOverride;
  private final Supplier<Map<String, Set<String>>> omittedFields;
  private final ObjectStore<Event> store;
  private volatile Function<JsonObject, String> accountOf = object -> null;

  /** Events are delivered to {@code delivery}; a non-null {@code apiVersionOverride} replaces their {@code api_version}; {@code omittedFields} are left out of their objects. */
  public Events(SimClock clock, EventDelivery delivery, Supplier<String> apiVersionOverride,
      Supplier<Map<String, Set<String>>> omittedFields, int capacity) {
    this.clock = clock;
    this.delivery = delivery;
    this.apiVersionOverride = apiVersionOverride;
    this.omittedFields = omittedFields;
    this.store = new ObjectStore<>(capacity);
  }

  /** Tells which connected account an object belongs to (null: the platform), for the events' top-level {@code account}. */
  public void accountsBy(Function<JsonObject, String> accountOf) {
    this.accountOf = accountOf;
  }

  /** Records a snapshot event of {@code type} for {@code object}, caused by the request in {@code context}. */
  public Event record(String type, JsonObject object, RequestContext context) {
    return record(type, object, context, null);
  }

  /** Records an event that also carries {@code data.previous_attributes} (null for none). */
  public Event record(String type, JsonObject object, RequestContext context,
      JsonObject previousAttributes) {
    String id = Ids.next("evt");
    long created = clock.epochSecond();
    JsonObject data = new JsonObject();
    data.add("object", Json.omitting(object, omittedFields.get()));
    if (previousAttributes != null) {
      data.add("previous_attributes", previousAttributes);
    }
    JsonObject request = new JsonObject();
    request.addProperty("id", context.requestId());
    request.addProperty("idempotency_key", context.idempotencyKey());
    String override = apiVersionOverride.get();
    String account = accountOf.apply(object);
    int endpoints = delivery.pendingWebhooks(type, account);
    JsonObject json = new JsonObject();
    json.addProperty("id", id);
    json.addProperty("object", "event");
    if (account != null) {
      json.addProperty("account", account);
    }
    json.addProperty("api_version", override != null ? override : context.apiVersion());
    json.addProperty("created", created);
    json.add("data", data);
    json.addProperty("livemode", false);
    json.addProperty("pending_webhooks", endpoints);
    json.add("request", request);
    json.addProperty("type", type);
    Event event = new Event(id, type, created, object.get("id").getAsString(), account,
        Json.write(json), endpoints);
    store.add(id, event);
    store.removeOldestWhile(this::expired);
    delivery.deliver(event);
    return event;
  }

  /** A kept event by id. */
  public Optional<Event> find(String id) {
    return store.find(id).filter(event -> !expired(event));
  }

  /** Ids of kept events on {@code account} (null: the platform's own), oldest first. */
  public List<String> idsOn(String account) {
    List<String> ids = new ArrayList<>();
    for (Event event : store.newestFirst(event -> Objects.equals(account, event.account()))) {
      ids.add(event.id());
    }
    Collections.reverse(ids);
    return ids;
  }

  /** The kept events, for listing. */
  ObjectStore<Event> store() {
    return store;
  }

  /** Whether an event is older than the retention, by the simulated clock. */
  boolean expired(Event event) {
    return event.created() < clock.epochSecond() - RETENTION.toSeconds();
  }

  /** Ids of kept events of {@code type} ({@code null} for all), oldest first. */
  public List<String> ids(String type) {
    List<String> ids = new ArrayList<>();
    for (Event event : store.newestFirst(event -> type == null || type.equals(event.type()))) {
      ids.add(event.id());
    }
    Collections.reverse(ids);
    return ids;
  }

  /** Forgets every event. */
  public void reset() {
    store.clear();
  }
}
