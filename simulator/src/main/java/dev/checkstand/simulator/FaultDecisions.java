package dev.checkstand.simulator;

import dev.checkstand.simulator.http.ApiFaults;
import dev.checkstand.simulator.webhooks.DeliveryFaults;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

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
    return chance(faults.apiErrorRate()) ? faults.apiErrorStatus() : 0;
  }

  @Override
  public boolean loseAnswer(String method, String routeTemplate, String path) {
    boolean counted = faults.takeAnswerLost(method + " " + routeTemplate, method + " " + path);
    boolean mutating = method.equals("POST") || method.equals("DELETE");
    return counted || mutating && chance(faults.answerLostRate());
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
    return chance(faults.webhookDropRate());
  }

  @Override
  public boolean duplicate() {
    return chance(faults.webhookDuplicateRate());
  }

  @Override
  public boolean reorder() {
    return faults.webhookReorder();
  }

  @Override
  public Duration delay() {
    Duration max = faults.webhookDelay();
    if (max.isZero()) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(ThreadLocalRandom.current().nextLong(max.toNanos() + 1));
  }

  private static boolean chance(double p) {
    return p > 0 && (p >= 1 || ThreadLocalRandom.current().nextDouble() < p);
  }
}
