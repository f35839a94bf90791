package dev.checkstand.simulator.printful;

import static dev.checkstand.simulator.printful.PrintfulClient.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import dev.checkstand.simulator.WebhookDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrintfulWebhookTests {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final PrintfulWebhookReceiver receiver = PrintfulWebhookReceiver.start();
  private final PrintfulSimulator simulator = PrintfulSimulator.builder().port(0).start();
  private final PrintfulClient printful = PrintfulClient.of(simulator);

  @AfterEach
  void close() {
    simulator.close();
    receiver.close();
  }

  private void register(String... types) {
    StringBuilder list = new StringBuilder();
    for (String type : types) {
      list.append(list.isEmpty() ? "" : ",").append('"').append(type).append('"');
    }
    assertThat(printful.post("/webhooks", "{\"url\":\"" + receiver.url() + "\",\"types\":[" + list + "]}")
        .status()).isEqualTo(200);
  }

  private long pendingOrder(String externalId, long... variants) {
    return printful.post("/orders?confirm=true", order(externalId, variants)).result().get("id").getAsLong();
  }

  @Test
  void webhooksAreConfiguredReadAndRemovedThroughTheApi() {
    register("package_shipped", "order_failed");

    JsonObject config = printful.get("/webhooks").result();
    assertThat(config.get("url").getAsString()).isEqualTo(receiver.url());
    assertThat(config.getAsJsonArray("types")).hasSize(2);
    assertThat(printful.post("/webhooks", "{\"url\":\"" + receiver.url() + "\",\"types\":[\"nope\"]}").status())
        .isEqualTo(400);
    assertThat(printful.delete("/webhooks").status()).isEqualTo(200);
    assertThat(printful.get("/webhooks").result().get("url").isJsonNull()).isTrue();
  }

  @Test
  void aShippedPackageSendsPackageShippedShapedLikePrintfulsV1() {
    register("package_shipped");
    long id = pendingOrder("CS-1", PrintfulSimulator.MUG_CLASSIC);

    printful.control("POST", "/_sim/orders/" + id + "/ship", "{\"carrier\":\"DHL\",\"service\":\"DHL Express\","
        + "\"trackingNumber\":\"TRK-1\",\"trackingUrl\":\"https://track.example/TRK-1\"}");

    await().atMost(PATIENCE).until(() -> receiver.ofType("package_shipped").size() == 1);
    JsonObject webhook = receiver.ofType("package_shipped").get(0);
    assertThat(webhook.keySet()).containsExactlyInAnyOrder("type", "created", "retries", "store", "data");
    assertThat(webhook.get("retries").getAsInt()).isZero();
    assertThat(webhook.get("store").getAsLong()).isEqualTo(simulator.storeId());
    JsonObject shipment = webhook.getAsJsonObject("data").getAsJsonObject("shipment");
    assertThat(shipment.get("carrier").getAsString()).isEqualTo("DHL");
    assertThat(shipment.get("service").getAsString()).isEqualTo("DHL Express");
    assertThat(shipment.get("tracking_number").getAsString()).isEqualTo("TRK-1");
    assertThat(shipment.get("tracking_url").getAsString()).isEqualTo("https://track.example/TRK-1");
    assertThat(shipment.get("ship_date").getAsString()).matches("\\d{4}-\\d{2}-\\d{2}");
    assertThat(shipment.getAsJsonArray("items")).hasSize(1);
    JsonObject order = webhook.getAsJsonObject("data").getAsJsonObject("order");
    assertThat(order.get("external_id").getAsString()).isEqualTo("CS-1");
    assertThat(order.get("status").getAsString()).isEqualTo("fulfilled");
  }

  @Test
  void aWebhookNotAnswered200IsRetriedOnPrintfulsScheduleInSimulatedTimeUntilItIs() {
    register("package_shipped");
    receiver.respondWith(500, 404);
    long id = pendingOrder("CS-2", PrintfulSimulator.MUG_CLASSIC);

    simulator.ship(Long.toString(id), PrintfulSimulator.Package.of("USPS", "First Class", "TRK-2", null));
    await().atMost(PATIENCE).until(() -> simulator.deliveries().size() == 1);
    simulator.advanceClock(Duration.ofMinutes(1));
    await().atMost(PATIENCE).until(() -> simulator.deliveries().size() == 2);
    simulator.advanceClock(Duration.ofMinutes(4));
    await().atMost(PATIENCE).until(() -> simulator.deliveries().size() == 3);

    List<WebhookDelivery> deliveries = simulator.deliveries();
    assertThat(deliveries).extracting(WebhookDelivery::status).containsExactly(500, 404, 200);
    assertThat(deliveries).extracting(WebhookDelivery::attempt).containsExactly(1, 2, 3);
    Instant first = deliveries.get(0).at();
    assertThat(Duration.between(first, deliveries.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMinutes(1));
    assertThat(Duration.between(first, deliveries.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
    assertThat(receiver.ofType("package_shipped")).extracting(body -> body.get("retries").getAsInt())
        .containsExactly(0, 1, 2);
  }

  @Test
  void packagesMakeAnOrderPartialThenFulfilledAndTheSameTrackingNumberIsTheSamePackageAgain() {
    register("package_shipped");
    String ref = Long.toString(pendingOrder("CS-3", PrintfulSimulator.MUG_CLASSIC, PrintfulSimulator.POSTER_A2));

    long first = simulator.ship(ref, new PrintfulSimulator.Package("DHL", "Express", "TRK-A", null,
        List.of(PrintfulSimulator.PackageItem.byExternalId("CS-3-1", 1))));
    assertThat(simulator.status(ref)).isEqualTo("partial");
    long again = simulator.ship(ref, PrintfulSimulator.Package.of("DHL", "Express", "TRK-A", null));
    assertThat(again).isEqualTo(first);
    assertThat(simulator.status(ref)).isEqualTo("partial");
    long second = simulator.ship(ref, PrintfulSimulator.Package.of("DHL", "Express", "TRK-B", null));
    assertThat(simulator.status(ref)).isEqualTo("fulfilled");
    long reshipped = simulator.ship(ref, PrintfulSimulator.Package.of("DHL", "Express", "TRK-C", null));

    assertThat(List.of(first, second, reshipped)).doesNotHaveDuplicates();
    await().atMost(PATIENCE).until(() -> receiver.ofType("package_shipped").size() == 4);
    List<JsonObject> shipments = receiver.ofType("package_shipped").stream()
        .map(body -> body.getAsJsonObject("data").getAsJsonObject("shipment")).toList();
    assertThat(shipments).filteredOn(s -> s.get("tracking_number").getAsString().equals("TRK-A"))
        .extracting(s -> s.get("id").getAsLong()).containsOnly(first).hasSize(2);
    assertThat(shipments).filteredOn(s -> s.get("tracking_number").getAsString().equals("TRK-C"))
        .extracting(s -> s.get("reshipment").getAsBoolean()).containsExactly(true);
    JsonObject order = com.google.gson.JsonParser.parseString(simulator.orderJson(ref)).getAsJsonObject();
    assertThat(order.getAsJsonArray("shipments")).hasSize(3);
    assertThat(order.get("status").getAsString()).isEqualTo("fulfilled");
  }

  @Test
  void holdReleaseProductionAndFailureEachSendTheirWebhook() {
    register("order_put_hold", "order_remove_hold", "order_updated", "order_failed");
    long id = pendingOrder("CS-4", PrintfulSimulator.MUG_CLASSIC);
    String path = "/_sim/orders/@CS-4/";

    printful.control("POST", path + "hold", "{\"reason\":\"Address check\"}");
    assertThat(simulator.status(Long.toString(id))).isEqualTo("onhold");
    printful.control("POST", path + "release", null);
    assertThat(simulator.status(Long.toString(id))).isEqualTo("pending");
    printful.control("POST", path + "inprocess", null);
    assertThat(simulator.status(Long.toString(id))).isEqualTo("inprocess");
    printful.control("POST", path + "fail", "{\"reason\":\"Print file unreadable\"}");
    assertThat(simulator.status(Long.toString(id))).isEqualTo("failed");

    await().atMost(PATIENCE).until(() -> receiver.all().size() == 4);
    assertThat(receiver.ofType("order_put_hold").get(0).getAsJsonObject("data").get("reason").getAsString())
        .isEqualTo("Address check");
    assertThat(receiver.ofType("order_remove_hold")).hasSize(1);
    assertThat(receiver.ofType("order_updated").get(0).getAsJsonObject("data").getAsJsonObject("order")
        .get("status").getAsString()).isEqualTo("inprocess");
    assertThat(receiver.ofType("order_failed").get(0).getAsJsonObject("data").get("reason").getAsString())
        .isEqualTo("Print file unreadable");
  }

  @Test
  void aDraftCannotShipAndAnUnknownOrderIsNotFound() {
    printful.post("/orders", order("CS-5", PrintfulSimulator.MUG_CLASSIC));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> printful.control("POST",
        "/_sim/orders/@CS-5/ship", "{\"trackingNumber\":\"T\"}")).hasMessageContaining("400");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> printful.control("POST",
        "/_sim/orders/@CS-404/ship", "{\"trackingNumber\":\"T\"}")).hasMessageContaining("404");
  }
}
