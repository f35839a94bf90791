package dev.checkstand.simulator.events;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.Ids;
import dev.checkstand.simulator.api.Json;
import dev.checkstand.simulator.api.RequestContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Every event the simulator has recorded, oldest first, handed on to delivery as recorded. */
public final class Events {

  private final Clock clock;
  private final EventDelivery delivery;
  private final List<Event> recorded = new ArrayList<>();

  /** Events recorded here are passed to {@code delivery}. */
  public Events(Clock clock, EventDelivery delivery) {
    this.clock = clock;
    this.delivery = delivery;
  }

  /** Records a snapshot event of {@code type} for {@code object}, caused by the request in {@code context}. */
  public Event record(String type, JsonObject object, RequestContext context) {
    String id = Ids.next("evt");
    long created = clock.instant().getEpochSecond();
    JsonObject data = new JsonObject();
    data.add("object", object);
    JsonObject request = new JsonObject();
    request.addProperty("id", context.requestId());
    request.addProperty("idempotency_key", context.idempotencyKey());
    JsonObject json = new JsonObject();
    json.addProperty("id", id);
    json.addProperty("object", "event");
    json.addProperty("api_version", context.apiVersion());
    json.addProperty("created", created);
    json.add("data", data);
    json.addProperty("livemode", false);
    json.addProperty("pending_webhooks", delivery.pendingWebhooks());
    json.add("request", request);
    json.addProperty("type", type);
    Event event = new Event(id, type, created, object.get("id").getAsString(), Json.write(json));
    synchronized (recorded) {
      recorded.add(event);
    }
    delivery.deliver(event);
    return event;
  }

  /** Ids of recorded events of {@code type} ({@code null} for all), oldest first. */
  public List<String> ids(String type) {
    List<String> ids = new ArrayList<>();
    synchronized (recorded) {
      for (Event event : recorded) {
        if (type == null || type.equals(event.type())) {
          ids.add(event.id());
        }
      }
    }
    return ids;
  }

  /** Forgets every event. */
  public void reset() {
    synchronized (recorded) {
      recorded.clear();
    }
  }
}
