package dev.checkstand.simulator;

import dev.checkstand.simulator.http.ApiFaults;
import dev.checkstand.simulator.webhooks.DeliveryFaults;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Turns the {@link Faults} switches into per-request and per-attempt decisions. */
final class FaultDecisions implements ApiFaults, DeliveryFaults {

  private final Faults faults;

  FaultDecisions(Faults faults) {
    this.faults = faults;
  }

  @Override
  public Duration latency() {
    return faults.latency();
  }

  @Override
  public int rateLimit() {
    return faults.rateLimit();
  }

  @Override
  public int injectedError() {
    return FaultSwitches.chance(faults.apiErrorRate()) ? faults.apiErrorStatus() : 0;
  }

  @Override
  public boolean loseAnswer(String method, String routeTemplate, String path) {
    boolean counted = faults.takeAnswerLost(method + " " + routeTemplate, method + " " + path);
    boolean mutating = method.equals("POST") || method.equals("DELETE");
    return counted || mutating && FaultSwitches.chance(faults.answerLostRate());
  }

  @Override
  public Duration answerLostDelay() {
    return faults.answerLostDelay();
  }

  @Override
  public Map<String, Set<String>> omittedFields() {
    return faults.omittedFields();
  }

  @Override
  public boolean drop() {
    return FaultSwitches.chance(faults.webhookDropRate());
  }

  @Override
  public boolean duplicate() {
    return FaultSwitches.chance(faults.webhookDuplicateRate());
  }

  @Override
  public boolean reorder() {
    return faults.webhookReorder();
  }

  @Override
  public Duration delay() {
    return FaultSwitches.upTo(faults.webhookDelay());
  }
}
