package dev.checkstand.simulator.printful;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.checkstand.simulator.printful.PrintfulClient.Answer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /shipping/rates}: the README's table by region and currency, dated from the simulated clock. */
class PrintfulShippingRateTests {

  // A Thursday: three business days later is the next Tuesday.
  private static final Instant THURSDAY = Instant.parse("2026-12-03T10:00:00Z");

  private final PrintfulSimulator simulator = PrintfulSimulator.builder().port(0)
      .clock(Clock.fixed(THURSDAY, ZoneOffset.UTC)).start();
  private final PrintfulClient printful = PrintfulClient.of(simulator);

  @AfterEach
  void close() {
    simulator.close();
  }

  @Test
  void twoItemsToLondonInPoundsAreTheFirstAndOneFurtherItemConvertedAndDatedInBusinessDays() {
    Answer answer = printful.post("/shipping/rates", rates("GB", "GBP",
        "{\"external_variant_id\":\"MUG-CLASSIC\",\"quantity\":1},{\"variant_id\":4011,\"quantity\":1}"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.envelope().get("code").getAsInt()).isEqualTo(200);
    JsonArray result = answer.envelope().getAsJsonArray("result");
    assertThat(result).hasSize(2);
    JsonObject standard = result.get(0).getAsJsonObject();
    assertThat(standard.get("id").getAsString()).isEqualTo("STANDARD");
    assertThat(standard.get("name").getAsString()).isEqualTo("Flat Rate (3-4 business days after fulfillment)");
    // (5.00 + 1.50) x 0.80
    assertThat(standard.get("rate").getAsString()).isEqualTo("5.20");
    assertThat(standard.get("currency").getAsString()).isEqualTo("GBP");
    assertThat(standard.get("minDeliveryDays").getAsInt()).isEqualTo(3);
    assertThat(standard.get("maxDeliveryDays").getAsInt()).isEqualTo(4);
    assertThat(standard.get("minDeliveryDate").getAsString()).isEqualTo("2026-12-08");
    assertThat(standard.get("maxDeliveryDate").getAsString()).isEqualTo("2026-12-09");
    JsonObject express = result.get(1).getAsJsonObject();
    assertThat(express.get("id").getAsString()).isEqualTo("EXPRESS");
    assertThat(express.get("name").getAsString()).isEqualTo("Express (1-2 business days after fulfillment)");
    // (14.00 + 3.00) x 0.80
    assertThat(express.get("rate").getAsString()).isEqualTo("13.60");
    assertThat(express.get("minDeliveryDate").getAsString()).isEqualTo("2026-12-04");
    assertThat(express.get("maxDeliveryDate").getAsString()).isEqualTo("2026-12-07");
  }

  @Test
  void ratesAreInDollarsUnlessAskedOtherwiseAndInYenWithoutDecimalsRoundedHalfUp() {
    String mug = "{\"variant_id\":\"1320\",\"quantity\":1}";

    JsonArray dollars = printful.post("/shipping/rates", rates("US", null, mug)).envelope()
        .getAsJsonArray("result");
    JsonArray yen = printful.post("/shipping/rates", rates("US", "jpy", mug)).envelope().getAsJsonArray("result");

    assertThat(rate(dollars, 0).get("rate").getAsString()).isEqualTo("4.75");
    assertThat(rate(dollars, 0).get("currency").getAsString()).isEqualTo("USD");
    assertThat(rate(dollars, 1).get("rate").getAsString()).isEqualTo("12.50");
    // 4.75 x 150 = 712.5
    assertThat(rate(yen, 0).get("rate").getAsString()).isEqualTo("713");
    assertThat(rate(yen, 0).get("currency").getAsString()).isEqualTo("JPY");
    assertThat(rate(yen, 1).get("rate").getAsString()).isEqualTo("1875");
  }

  @Test
  void theEuAndTheRestOfTheWorldHaveTheirOwnPricesAndTimes() {
    String threeMugs = "{\"external_variant_id\":\"MUG-CLASSIC\",\"quantity\":3}";

    JsonArray germany = printful.post("/shipping/rates", rates("de", "EUR", threeMugs)).envelope()
        .getAsJsonArray("result");
    JsonArray japan = printful.post("/shipping/rates", rates("JP", "AUD", threeMugs)).envelope()
        .getAsJsonArray("result");

    // (6.00 + 2 x 1.75) x 0.92 = 8.74; (24.00 + 2 x 5.00) x 1.52 = 51.68
    assertThat(rate(germany, 0).get("rate").getAsString()).isEqualTo("8.74");
    assertThat(rate(germany, 0).get("maxDeliveryDays").getAsInt()).isEqualTo(7);
    assertThat(rate(japan, 1).get("rate").getAsString()).isEqualTo("51.68");
    assertThat(rate(japan, 1).get("minDeliveryDays").getAsInt()).isEqualTo(3);
    assertThat(rate(japan, 0).get("maxDeliveryDays").getAsInt()).isEqualTo(14);
  }

  @Test
  void theSameQuestionGetsTheSameAnswerAndEveryCallIsCounted() {
    String body = rates("CA", "CAD", "{\"variant_id\":1,\"quantity\":2}");

    Answer first = printful.post("/shipping/rates", body);
    Answer second = printful.post("/shipping/rates", body);

    assertThat(second.envelope()).isEqualTo(first.envelope());
    assertThat(simulator.apiCallCounts()).containsEntry("POST /shipping/rates", 2L);
  }

  @Test
  void injectedErrorsApplyToRatesToo() {
    simulator.faults().apiErrorRate(1).apiErrorStatus(503);

    Answer failed = printful.post("/shipping/rates", rates("GB", "GBP", "{\"variant_id\":1,\"quantity\":1}"));

    assertThat(failed.status()).isEqualTo(503);
    assertThat(simulator.faults().injected(PrintfulFaults.API_ERRORS)).isEqualTo(1);
  }

  @Test
  void whatPrintfulWouldRefuseIsA400NamingTheProblem() {
    String item = "{\"variant_id\":1,\"quantity\":1}";

    assertRefused(printful.post("/shipping/rates", "{\"items\":[" + item + "]}"), "Recipient is required");
    assertRefused(printful.post("/shipping/rates", "{\"recipient\":{\"city\":\"London\"},\"items\":[" + item + "]}"),
        "country_code is required");
    assertRefused(printful.post("/shipping/rates", rates("XX", "GBP", item)), "XX");
    assertRefused(printful.post("/shipping/rates", rates("GB", "GBP", "")), "Items are required");
    assertRefused(printful.post("/shipping/rates", rates("GB", "GBP", "{\"variant_id\":1,\"quantity\":0}")),
        "quantity");
    assertRefused(printful.post("/shipping/rates", rates("GB", "GBP", "{\"quantity\":1}")),
        "variant_id or external_variant_id");
    assertRefused(printful.post("/shipping/rates", rates("GB", "GBP",
        "{\"external_variant_id\":\"NO-SUCH-SKU\",\"quantity\":1}")), "NO-SUCH-SKU");
    assertRefused(printful.post("/shipping/rates", rates("GB", "CHF", item)), "CHF");
  }

  private static void assertRefused(Answer answer, String message) {
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.envelope().get("code").getAsInt()).isEqualTo(400);
    assertThat(answer.envelope().getAsJsonObject("error").get("reason").getAsString()).isEqualTo("BadRequest");
    assertThat(answer.errorMessage()).contains(message);
  }

  private static JsonObject rate(JsonArray rates, int index) {
    return rates.get(index).getAsJsonObject();
  }

  private static String rates(String countryCode, String currency, String items) {
    return "{\"recipient\":{\"address1\":\"1 Main St\",\"city\":\"Somewhere\",\"country_code\":\"" + countryCode
        + "\",\"zip\":\"12345\"},\"items\":[" + items + "]"
        + (currency == null ? "" : ",\"currency\":\"" + currency + "\"") + ",\"locale\":\"en_US\"}";
  }
}
