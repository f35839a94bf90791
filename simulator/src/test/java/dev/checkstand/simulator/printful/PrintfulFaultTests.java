package dev.checkstand.simulator.printful;

import static dev.checkstand.simulator.printful.PrintfulClient.external;
import static dev.checkstand.simulator.printful.PrintfulClient.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.WebhookDelivery;
import dev.checkstand.simulator.printful.PrintfulClient.Answer;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrintfulFaultTests {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final PrintfulWebhookReceiver receiver = PrintfulWebhookReceiver.start();
  private final PrintfulSimulator simulator = PrintfulSimulator.builder().port(0).webhookUrl(receiver.url())
      .start();
  private final PrintfulClient printful = PrintfulClient.of(simulator);

  @AfterEach
  void close() {
    simulator.close();
    receiver.close();
  }

  @Test
  void injectedApiErrorsComeBeforeAnythingIsAppliedAndAreCounted() {
    printful.control("POST", "/_sim/faults", "{\"apiErrorRate\":1,\"apiErrorStatus\":503}");

    Answer refused = printful.post("/orders", order("CS-1", PrintfulSimulator.MUG_CLASSIC));

    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.envelope().get("code").getAsInt()).isEqualTo(503);
    assertThat(simulator.orders()).isEmpty();
    JsonObject faults = printful.control("GET", "/_sim/faults", null).getAsJsonObject();
    assertThat(faults.get("apiErrorRate").getAsDouble()).isEqualTo(1.0);
    assertThat(faults.getAsJsonObject("injected").get("apiErrors").getAsLong()).isEqualTo(1);
  }

  @Test
  void aLostAnswerIsAppliedAndItsConnectionClosedAndARetryWithUpdateExistingFindsTheOrder() {
    simulator.faults().answerLostRate(1);

    assertThatThrownBy(() -> printful.post("/orders?confirm=true", order("CS-2", PrintfulSimulator.MUG_CLASSIC)))
        .isInstanceOf(UncheckedIOException.class);
    simulator.faults().answerLostRate(0);
    Answer retried = printful.post("/orders?confirm=true&update_existing=true",
        order("CS-2", PrintfulSimulator.MUG_CLASSIC));

    assertThat(retried.status()).isEqualTo(200);
    assertThat(simulator.orders()).hasSize(1);
    assertThat(simulator.status("@CS-2")).isEqualTo("pending");
    assertThat(simulator.faults().injected(PrintfulFaults.ANSWERS_LOST)).isGreaterThanOrEqualTo(1);
  }

  @Test
  void confirmIsRefusedWhileCostsAreStillCalculatingForTheConfiguredNumberOfCalls() {
    printful.control("POST", "/_sim/faults", "{\"costsCalculating\":2}");
    printful.post("/orders", order("CS-3", PrintfulSimulator.MUG_CLASSIC));

    Answer first = printful.post("/orders/" + external("CS-3") + "/confirm", null);
    Answer second = printful.post("/orders/" + external("CS-3") + "/confirm", null);
    Answer third = printful.post("/orders/" + external("CS-3") + "/confirm", null);

    assertThat(first.status()).isEqualTo(400);
    assertThat(first.errorMessage()).isEqualTo(PrintfulError.COSTS_CALCULATING);
    assertThat(second.status()).isEqualTo(400);
    assertThat(third.result().get("status").getAsString()).isEqualTo("pending");
    assertThat(simulator.faults().injected(PrintfulFaults.COSTS_CALCULATING)).isEqualTo(2);
  }

  @Test
  void confirmIsRefusedUntilTheCostsHaveHadTheirTimeAndCreateWithConfirmLeavesADraft() {
    simulator.faults().costsCalculatingFor(Duration.ofMinutes(2));

    Answer created = printful.post("/orders?confirm=true", order("CS-4", PrintfulSimulator.MUG_CLASSIC));
    assertThat(created.errorMessage()).isEqualTo(PrintfulError.COSTS_CALCULATING);
    assertThat(simulator.status("@CS-4")).isEqualTo("draft");
    simulator.advanceClock(Duration.ofMinutes(2));
    Answer confirmed = printful.post("/orders/" + external("CS-4") + "/confirm", null);

    assertThat(confirmed.result().get("status").getAsString()).isEqualTo("pending");
  }

  @Test
  void droppedAndDuplicatedWebhooksAreRetriedOrSentTwiceAndCounted() {
    printful.post("/webhooks", "{\"url\":\"" + receiver.url() + "\",\"types\":[\"package_shipped\"]}");
    long id = printful.post("/orders?confirm=true", order("CS-5", PrintfulSimulator.MUG_CLASSIC)).result()
        .get("id").getAsLong();
    simulator.faults().webhookDropRate(1).webhookDuplicateRate(1);

    simulator.ship(Long.toString(id), PrintfulSimulator.Package.of("DHL", "Express", "TRK-5", null));
    await().atMost(PATIENCE).until(() -> simulator.deliveries().stream()
        .filter(d -> d.eventType().equals("package_shipped")).count() == 2);
    simulator.faults().webhookDropRate(0);
    simulator.advanceClock(Duration.ofMinutes(1));

    await().atMost(PATIENCE).until(() -> receiver.ofType("package_shipped").size() == 2);
    assertThat(simulator.deliveries()).filteredOn(d -> d.eventType().equals("package_shipped"))
        .extracting(WebhookDelivery::outcome)
        .containsExactly(WebhookDelivery.DROPPED, WebhookDelivery.DROPPED, WebhookDelivery.DELIVERED,
            WebhookDelivery.DELIVERED);
    assertThat(receiver.ofType("package_shipped")).allMatch(body -> body.get("retries").getAsInt() == 1);
    JsonObject injected = printful.control("GET", "/_sim/faults", null).getAsJsonObject()
        .getAsJsonObject("injected");
    assertThat(injected.get("webhooksDropped").getAsLong()).isEqualTo(2);
    assertThat(injected.get("webhooksDuplicated").getAsLong()).isEqualTo(1);
  }

  @Test
  void theFaultSwitchesTakeTheStripeSimulatorsNamesAndRefuseUnknownOnes() {
    JsonObject faults = printful.control("POST", "/_sim/faults", "{\"webhookDropRate\":0.1,"
        + "\"webhookDuplicateRate\":0.2,\"webhookReorder\":true,\"webhookDelayMs\":5,\"apiErrorRate\":0.2,"
        + "\"apiErrorStatus\":500,\"answerLostRate\":0.1,\"latencyMs\":1,\"rateLimit\":60,"
        + "\"costsCalculatingSeconds\":30}").getAsJsonObject();

    assertThat(faults.get("rateLimit").getAsInt()).isEqualTo(60);
    assertThat(faults.get("webhookReorder").getAsBoolean()).isTrue();
    assertThat(faults.get("costsCalculatingSeconds").getAsLong()).isEqualTo(30);
    assertThatThrownBy(() -> printful.control("POST", "/_sim/faults", "{\"omitField\":{}}"))
        .hasMessageContaining("400");
    JsonObject reset = printful.control("POST", "/_sim/faults/reset", null).getAsJsonObject();
    assertThat(reset.get("rateLimit").getAsInt()).isEqualTo(PrintfulFaults.PRINTFUL_RATE_LIMIT);
    assertThat(reset.get("apiErrorRate").getAsDouble()).isZero();
  }
}
