package dev.checkstand.simulator;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.Json;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Reads and shows {@link Faults} as the control API's JSON; durations in milliseconds. */
final class FaultsJson {

  private static final Set<String> FIELDS = Set.of("webhookDropRate", "webhookDuplicateRate",
      "webhookReorder", "webhookDelayMs", "apiErrorRate", "apiErrorStatus", "answerLost",
      "answerLostRate", "answerLostDelayMs", "latencyMs", "rateLimit", "eventApiVersion", "omitField");

  private FaultsJson() {}

  /** Applies the fields present in {@code body}; the rest stay as they are. */
  static void apply(Faults faults, ControlBody body) {
    body.allowOnly(FIELDS, "fault");
    if (body.has("webhookDropRate")) {
      faults.webhookDropRate(body.number("webhookDropRate"));
    }
    if (body.has("webhookDuplicateRate")) {
      faults.webhookDuplicateRate(body.number("webhookDuplicateRate"));
    }
    if (body.has("webhookReorder")) {
      faults.webhookReorder(body.bool("webhookReorder"));
    }
    if (body.has("webhookDelayMs")) {
      faults.webhookDelay(Duration.ofMillis(body.integer("webhookDelayMs")));
    }
    if (body.has("apiErrorRate")) {
      faults.apiErrorRate(body.number("apiErrorRate"));
    }
    if (body.has("apiErrorStatus")) {
      faults.apiErrorStatus((int) body.integer("apiErrorStatus"));
    }
    if (body.has("answerLost")) {
      ControlBody lost = body.object("answerLost").allowOnly(Set.of("endpoint", "times"));
      faults.answerLost(lost.string("endpoint"), (int) lost.integer("times"));
    }
    if (body.has("answerLostRate")) {
      faults.answerLostRate(body.number("answerLostRate"));
    }
    if (body.has("answerLostDelayMs")) {
      faults.answerLostDelay(Duration.ofMillis(body.integer("answerLostDelayMs")));
    }
    if (body.has("latencyMs")) {
      faults.latency(Duration.ofMillis(body.integer("latencyMs")));
    }
    if (body.has("rateLimit")) {
      faults.rateLimit(rateLimit(body.text("rateLimit")));
    }
    if (body.has("eventApiVersion")) {
      faults.eventApiVersion(body.string("eventApiVersion"));
    }
    if (body.has("omitField")) {
      ControlBody omit = body.object("omitField").allowOnly(Set.of("object", "field"));
      faults.omitField(omit.string("object"), omit.string("field"));
    }
  }

  /** A rate limit: a number of requests per second, {@code live} (100), {@code test} (25) or {@code off} (0). */
  static int rateLimit(String value) {
    switch (value) {
      case "live":
        return Faults.LIVE_RATE_LIMIT;
      case "test":
        return Faults.TEST_RATE_LIMIT;
      case "off":
        return 0;
      default:
        try {
          return Integer.parseInt(value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("rateLimit must be a number, live, test or off, was "
              + value, e);
        }
    }
  }

  static JsonObject show(Faults faults) {
    JsonObject json = new JsonObject();
    json.addProperty("webhookDropRate", faults.webhookDropRate());
    json.addProperty("webhookDuplicateRate", faults.webhookDuplicateRate());
    json.addProperty("webhookReorder", faults.webhookReorder());
    json.addProperty("webhookDelayMs", faults.webhookDelay().toMillis());
    json.addProperty("apiErrorRate", faults.apiErrorRate());
    json.addProperty("apiErrorStatus", faults.apiErrorStatus());
    JsonObject lost = new JsonObject();
    faults.answersLost().forEach(lost::addProperty);
    json.add("answersLost", lost);
    json.addProperty("answerLostRate", faults.answerLostRate());
    json.addProperty("answerLostDelayMs", faults.answerLostDelay().toMillis());
    json.addProperty("latencyMs", faults.latency().toMillis());
    json.addProperty("rateLimit", faults.rateLimit());
    json.addProperty("eventApiVersion", faults.eventApiVersion());
    JsonObject omitted = new JsonObject();
    faults.omittedFields().forEach((type, fields) -> omitted.add(type, Json.strings(List.copyOf(fields))));
    json.add("omittedFields", omitted);
    return json;
  }
}
