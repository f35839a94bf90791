package dev.checkstand.simulator.printful;

import static dev.checkstand.simulator.printful.PrintfulClient.external;
import static dev.checkstand.simulator.printful.PrintfulClient.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.checkstand.simulator.printful.PrintfulClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrintfulOrderTests {

  private final PrintfulSimulator simulator = PrintfulSimulator.builder().port(0).start();
  private final PrintfulClient printful = PrintfulClient.of(simulator);

  @AfterEach
  void close() {
    simulator.close();
  }

  @Test
  void aCreatedOrderIsADraftShapedLikePrintfulsAndFoundByIdAndByExternalId() {
    Answer created = printful.post("/orders", order("CS-1001", PrintfulSimulator.MUG_CLASSIC));

    assertThat(created.status()).isEqualTo(200);
    assertThat(created.envelope().get("code").getAsInt()).isEqualTo(200);
    JsonObject order = created.result();
    assertThat(order.get("status").getAsString()).isEqualTo("draft");
    assertThat(order.get("external_id").getAsString()).isEqualTo("CS-1001");
    assertThat(order.get("store").getAsLong()).isEqualTo(simulator.storeId());
    assertThat(order.get("shipping").getAsString()).isEqualTo("STANDARD");
    assertThat(order.getAsJsonObject("recipient").get("city").getAsString()).isEqualTo("London");
    JsonObject item = order.getAsJsonArray("items").get(0).getAsJsonObject();
    assertThat(item.get("sync_variant_id").getAsLong()).isEqualTo(PrintfulSimulator.MUG_CLASSIC);
    assertThat(item.get("variant_id").getAsLong()).isEqualTo(1320);
    assertThat(item.get("quantity").getAsInt()).isEqualTo(1);
    assertThat(item.get("retail_price").getAsString()).isEqualTo("12.50");
    assertThat(item.get("external_id").getAsString()).isEqualTo("CS-1001-1");
    JsonObject retail = order.getAsJsonObject("retail_costs");
    assertThat(retail.get("currency").getAsString()).isEqualTo("GBP");
    assertThat(retail.get("total").getAsString()).isEqualTo("16.49");
    assertThat(order.getAsJsonArray("shipments")).isEmpty();

    long id = order.get("id").getAsLong();
    assertThat(printful.get("/orders/" + id).result()).isEqualTo(order);
    assertThat(printful.get("/orders/" + external("CS-1001")).result()).isEqualTo(order);
  }

  @Test
  void anExternalIdNeedingUrlEncodingIsFoundWithIt() {
    printful.post("/orders", order("CS 10/02", PrintfulSimulator.MUG_CLASSIC));

    Answer found = printful.get("/orders/%40CS%2010%2F02");

    assertThat(found.status()).isEqualTo(200);
    assertThat(found.result().get("external_id").getAsString()).isEqualTo("CS 10/02");
  }

  @Test
  void confirmTrueSubmitsAtOnceAndConfirmMovesADraftToPendingOnlyOnce() {
    assertThat(printful.post("/orders?confirm=true", order("CS-2001", PrintfulSimulator.MUG_CLASSIC))
        .result().get("status").getAsString()).isEqualTo("pending");

    printful.post("/orders", order("CS-2002", PrintfulSimulator.MUG_CLASSIC));
    Answer confirmed = printful.post("/orders/" + external("CS-2002") + "/confirm", null);
    assertThat(confirmed.result().get("status").getAsString()).isEqualTo("pending");

    Answer again = printful.post("/orders/" + external("CS-2002") + "/confirm", null);
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.envelope().get("code").getAsInt()).isEqualTo(400);
    assertThat(again.envelope().getAsJsonObject("error").get("reason").getAsString()).isEqualTo("BadRequest");
  }

  @Test
  void aDuplicateExternalIdIsRefusedAndNothingIsCreated() {
    printful.post("/orders", order("CS-3001", PrintfulSimulator.MUG_CLASSIC));

    Answer duplicate = printful.post("/orders?confirm=true", order("CS-3001", PrintfulSimulator.POSTER_A2));

    assertThat(duplicate.status()).isEqualTo(400);
    assertThat(duplicate.envelope().get("result").getAsString()).contains("CS-3001");
    assertThat(duplicate.errorMessage()).contains("already exists");
    assertThat(simulator.orders()).hasSize(1);
    assertThat(simulator.status("@CS-3001")).isEqualTo("draft");
  }

  @Test
  void updateExistingUpdatesTheDraftOrPendingOrderInsteadOfCreatingAnother() {
    long id = printful.post("/orders", order("CS-4001", PrintfulSimulator.MUG_CLASSIC)).result()
        .get("id").getAsLong();

    Answer updated = printful.post("/orders?update_existing=true&confirm=true",
        order("CS-4001", PrintfulSimulator.MUG_CLASSIC, PrintfulSimulator.POSTER_A2));
    Answer again = printful.post("/orders?update_existing=true&confirm=true",
        order("CS-4001", PrintfulSimulator.MUG_CLASSIC, PrintfulSimulator.POSTER_A2));

    assertThat(updated.result().get("id").getAsLong()).isEqualTo(id);
    assertThat(updated.result().get("status").getAsString()).isEqualTo("pending");
    assertThat(updated.result().getAsJsonArray("items")).hasSize(2);
    assertThat(again.result().get("id").getAsLong()).isEqualTo(id);
    assertThat(again.result().get("status").getAsString()).isEqualTo("pending");
    assertThat(simulator.orders()).hasSize(1);
  }

  @Test
  void updateExistingRefusesAnOrderAlreadyInProduction() {
    printful.post("/orders?confirm=true", order("CS-4101", PrintfulSimulator.MUG_CLASSIC));
    simulator.startProduction("@CS-4101");

    Answer refused = printful.post("/orders?update_existing=true", order("CS-4101", PrintfulSimulator.POSTER_A2));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(simulator.status("@CS-4101")).isEqualTo("inprocess");
    assertThat(simulator.orders()).hasSize(1);
  }

  @Test
  void onlyDraftAndPendingOrdersCanBeCanceled() {
    printful.post("/orders", order("CS-5001", PrintfulSimulator.MUG_CLASSIC));
    printful.post("/orders?confirm=true", order("CS-5002", PrintfulSimulator.MUG_CLASSIC));
    printful.post("/orders?confirm=true", order("CS-5003", PrintfulSimulator.MUG_CLASSIC));
    simulator.startProduction("@CS-5003");

    assertThat(printful.delete("/orders/" + external("CS-5001")).result().get("status").getAsString())
        .isEqualTo("canceled");
    assertThat(printful.delete("/orders/" + external("CS-5002")).result().get("status").getAsString())
        .isEqualTo("canceled");
    Answer refused = printful.delete("/orders/" + external("CS-5003"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errorMessage()).contains("inprocess");
    assertThat(simulator.status("@CS-5003")).isEqualTo("inprocess");
  }

  @Test
  void ordersAreListedNewestFirstInPagesWithPaging() {
    for (int i = 1; i <= 25; i++) {
      printful.post("/orders", order("CS-6" + String.format("%03d", i), PrintfulSimulator.MUG_CLASSIC));
    }

    Answer first = printful.get("/orders?offset=0&limit=10");
    Answer last = printful.get("/orders?offset=20&limit=10");
    Answer byDefault = printful.get("/orders");

    assertThat(first.envelope().getAsJsonArray("result")).hasSize(10);
    assertThat(first.envelope().getAsJsonArray("result").get(0).getAsJsonObject().get("external_id")
        .getAsString()).isEqualTo("CS-6025");
    assertThat(last.envelope().getAsJsonArray("result")).hasSize(5);
    assertThat(last.envelope().getAsJsonArray("result").get(4).getAsJsonObject().get("external_id")
        .getAsString()).isEqualTo("CS-6001");
    JsonObject paging = last.envelope().getAsJsonObject("paging");
    assertThat(paging.get("total").getAsInt()).isEqualTo(25);
    assertThat(paging.get("offset").getAsInt()).isEqualTo(20);
    assertThat(paging.get("limit").getAsInt()).isEqualTo(10);
    assertThat(byDefault.envelope().getAsJsonObject("paging").get("limit").getAsInt()).isEqualTo(20);
    assertThat(printful.get("/orders?status=pending").envelope().getAsJsonObject("paging")
        .get("total").getAsInt()).isZero();
  }

  @Test
  void anOrderWithoutRecipientOrWithAnUnknownSyncVariantIsRefusedAndNothingIsCreated() {
    Answer noRecipient = printful.post("/orders", "{\"external_id\":\"CS-7001\",\"items\":[{\"sync_variant_id\":"
        + PrintfulSimulator.MUG_CLASSIC + ",\"quantity\":1}]}");
    Answer unknownVariant = printful.post("/orders", order("CS-7002", 999L));
    Answer notJson = printful.post("/orders", "{nope");
    Answer badRetail = printful.post("/orders", order("CS-7003", PrintfulSimulator.MUG_CLASSIC)
        .replace("\"subtotal\":\"12.50\"", "\"subtotal\":\"12.505\""));

    assertThat(noRecipient.status()).isEqualTo(400);
    assertThat(noRecipient.errorMessage()).contains("Recipient");
    assertThat(unknownVariant.status()).isEqualTo(400);
    assertThat(unknownVariant.errorMessage()).contains("999");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(badRetail.status()).isEqualTo(400);
    assertThat(simulator.orders()).isEmpty();
  }

  @Test
  void anOrderKeepsTheShippingMethodItNamesAndTheControlListShowsItWithTheRetailCostsSent() {
    printful.post("/orders", order("CS-7101", PrintfulSimulator.MUG_CLASSIC)
        .replace("\"shipping\":\"STANDARD\"", "\"shipping\":\"EXPRESS\""));
    printful.post("/orders", order("CS-7102", PrintfulSimulator.MUG_CLASSIC)
        .replace("\"shipping\":\"STANDARD\",", "").replaceAll(",\"retail_costs\":\\{[^}]*}", ""));

    JsonObject express = printful.get("/orders/" + external("CS-7101")).result();
    assertThat(express.get("shipping").getAsString()).isEqualTo("EXPRESS");
    assertThat(express.get("shipping_service_name").getAsString())
        .isEqualTo("Express (1-2 business days after fulfillment)");
    JsonArray listed = printful.control("GET", "/_sim/orders", null).getAsJsonArray();
    JsonObject first = listed.get(0).getAsJsonObject();
    assertThat(first.get("shipping").getAsString()).isEqualTo("EXPRESS");
    assertThat(first.getAsJsonObject("retailCosts").get("currency").getAsString()).isEqualTo("GBP");
    assertThat(first.getAsJsonObject("retailCosts").get("shipping").getAsString()).isEqualTo("3.99");
    assertThat(first.getAsJsonObject("retailCosts").get("total").isJsonNull()).isTrue();
    JsonObject second = listed.get(1).getAsJsonObject();
    assertThat(second.get("shipping").getAsString()).isEqualTo("STANDARD");
    assertThat(second.get("retailCosts").isJsonNull()).isTrue();
    assertThat(simulator.orders().get(0).retailCosts())
        .isEqualTo(new PrintfulSimulator.RetailCosts("GBP", "12.50", "0.00", "3.99", "0.00", null, null));
  }

  @Test
  void anOrderNamingAShippingMethodPrintfulDoesNotOfferIsRefused() {
    Answer refused = printful.post("/orders", order("CS-7201", PrintfulSimulator.MUG_CLASSIC)
        .replace("\"shipping\":\"STANDARD\"", "\"shipping\":\"OVERNIGHT\""));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.envelope().getAsJsonObject("error").get("reason").getAsString()).isEqualTo("BadRequest");
    assertThat(refused.errorMessage()).contains("OVERNIGHT").contains("STANDARD, EXPRESS");
    assertThat(simulator.orders()).isEmpty();
  }

  @Test
  void anUnknownOrderIsAPrintful404() {
    Answer missing = printful.get("/orders/@nope");

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.envelope().get("code").getAsInt()).isEqualTo(404);
    assertThat(missing.envelope().getAsJsonObject("error").get("reason").getAsString()).isEqualTo("NotFound");
  }

  @Test
  void theSeededSyncVariantsAreFoundByIdAndBySku() {
    Answer byId = printful.get("/store/variants/" + PrintfulSimulator.HOODIE_LTD);
    Answer bySku = printful.get("/store/variants/@MUG-CLASSIC");

    assertThat(byId.result().getAsJsonObject("sync_variant").get("external_id").getAsString())
        .isEqualTo("HOODIE-LTD");
    assertThat(bySku.result().getAsJsonObject("sync_variant").get("id").getAsLong())
        .isEqualTo(PrintfulSimulator.MUG_CLASSIC);
    assertThat(bySku.result().getAsJsonObject("sync_product").get("name").getAsString()).contains("mug");
    assertThat(printful.get("/store/variants/1").status()).isEqualTo(404);
  }
}
