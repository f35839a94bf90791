package dev.checkstand.simulator;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.api.Json;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Reads and shows {@link Faults} as the control API's JSON, with the counts of what was injected; durations in milliseconds. */
final class FaultsJson {

  private static final FaultFields<Faults> FIELDS = new FaultFields<Faults>()
      .webhookFaults()
      .apiErrorRate()
      .add("apiErrorStatus", (faults, body) -> faults.apiErrorStatus((int) body.integer("apiErrorStatus")))
      .add("answerLost", (faults, body) -> {
        ControlBody lost = body.object("answerLost").allowOnly(Set.of("endpoint", "times"));
        faults.answerLost(lost.string("endpoint"), (int) lost.integer("times"));
      })
      .answerLostRate()
      .add("answerLostDelayMs",
          (faults, body) -> faults.answerLostDelay(Duration.ofMillis(body.integer("answerLostDelayMs"))))
      .latency()
      .add("rateLimit", (faults, body) -> faults.rateLimit(rateLimit(body.text("rateLimit"))))
      .add("eventApiVersion", (faults, body) -> faults.eventApiVersion(body.string("eventApiVersion")))
      .add("omitField", (faults, body) -> {
        ControlBody omit = body.object("omitField").allowOnly(Set.of("object", "field"));
        faults.omitField(omit.string("object"), omit.string("field"));
      });

  private FaultsJson() {}

  /** Applies the fields present in {@code body}; the rest stay as they are. */
  static void apply(Faults faults, ControlBody body) {
    FIELDS.apply(faults, body);
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
    FaultFields.showWebhookAndErrorFaults(faults, json);
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
    JsonObject injected = new JsonObject();
    faults.injected().forEach(injected::addProperty);
    json.add("injected", injected);
    return json;
  }
}
