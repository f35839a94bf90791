package dev.checkstand.simulator;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The fields of a control API's {@code POST /_sim/faults} body, in the order they are applied; the fields the
 * Stripe and Printful simulators share are read the same way by both. Durations in milliseconds.
 *
 * @param <F> the switches the fields are applied to
 */
public final class FaultFields<F extends FaultSwitches<F>> {

  private final Map<String, BiConsumer<F, ControlBody>> fields = new LinkedHashMap<>();

  /** {@code webhookDropRate}, {@code webhookDuplicateRate}, {@code webhookReorder} and {@code webhookDelayMs}. */
  public FaultFields<F> webhookFaults() {
    add("webhookDropRate", (faults, body) -> faults.webhookDropRate(body.number("webhookDropRate")));
    add("webhookDuplicateRate",
        (faults, body) -> faults.webhookDuplicateRate(body.number("webhookDuplicateRate")));
    add("webhookReorder", (faults, body) -> faults.webhookReorder(body.bool("webhookReorder")));
    return add("webhookDelayMs",
        (faults, body) -> faults.webhookDelay(Duration.ofMillis(body.integer("webhookDelayMs"))));
  }

  /** {@code apiErrorRate}. */
  public FaultFields<F> apiErrorRate() {
    return add("apiErrorRate", (faults, body) -> faults.apiErrorRate(body.number("apiErrorRate")));
  }

  /** {@code answerLostRate}. */
  public FaultFields<F> answerLostRate() {
    return add("answerLostRate", (faults, body) -> faults.answerLostRate(body.number("answerLostRate")));
  }

  /** {@code latencyMs}. */
  public FaultFields<F> latency() {
    return add("latencyMs", (faults, body) -> faults.latency(Duration.ofMillis(body.integer("latencyMs"))));
  }

  /** A field of {@code name}, applied when present. */
  public FaultFields<F> add(String name, BiConsumer<F, ControlBody> apply) {
    if (fields.putIfAbsent(name, apply) != null) {
      throw new IllegalStateException("Fault field " + name + " added twice");
    }
    return this;
  }

  /** Refuses unknown fields, then applies the fields present in {@code body}, in order; the rest stay as they are. */
  public void apply(F faults, ControlBody body) {
    body.allowOnly(Set.of(fields.keySet().toArray(new String[0])), "fault");
    fields.forEach((name, apply) -> {
      if (body.has(name)) {
        apply.accept(faults, body);
      }
    });
  }

  /** Adds the webhook faults, {@code apiErrorRate} and {@code apiErrorStatus} of {@code faults} to {@code json}. */
  public static void showWebhookAndErrorFaults(FaultSwitches<?> faults, JsonObject json) {
    json.addProperty("webhookDropRate", faults.webhookDropRate());
    json.addProperty("webhookDuplicateRate", faults.webhookDuplicateRate());
    json.addProperty("webhookReorder", faults.webhookReorder());
    json.addProperty("webhookDelayMs", faults.webhookDelay().toMillis());
    json.addProperty("apiErrorRate", faults.apiErrorRate());
    json.addProperty("apiErrorStatus", faults.apiErrorStatus());
  }
}
