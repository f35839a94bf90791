package dev.checkstand.simulator;

import dev.checkstand.simulator.http.ApiFaults;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Turns the {@link Faults} switches into per-request decisions, counting each fault injected. */
final class FaultDecisions implements ApiFaults {

  private final Faults faults;

  FaultDecisions(Faults faults) {
    this.faults = faults;
  }

  @Override
  public Duration latency() {
    return faults.requestLatency();
  }

  @Override
  public int rateLimit() {
    return faults.rateLimit();
  }

  @Override
  public void rateLimited() {
    faults.rateLimited();
  }

  @Override
  public int injectedError() {
    return faults.injectedError();
  }

  @Override
  public boolean loseAnswer(String method, String routeTemplate, String path) {
    return faults.loseAnswer(method, method + " " + routeTemplate, method + " " + path);
  }

  @Override
  public Duration answerLostDelay() {
    return faults.answerLostDelay();
  }

  @Override
  public Map<String, Set<String>> omittedFields() {
    return faults.omittedFields();
  }
}
