package dev.checkstand.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.simulator.printful.PrintfulSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shipping priced by the shop's rules, per currency and destination: the default rule (the old flat amount, in the
 * default currency only), the admin's rules with zones and free-above thresholds, refusals that name the field and
 * change nothing — and, per currency (zero-decimal JPY included), the quote, the order, the Stripe amount, Printful's
 * retail costs and the confirmation email all agreeing.
 */
@CheckstandIntegrationTest
class ShippingIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator stripe;

    @Autowired
    PrintfulSimulator printful;

    @Autowired
    UnshippedCurrencies unshipped;

    @AfterEach
    void backToTheDefaultRule() {
        assertThat(api.putAsAdmin("/api/admin/shipping", Map.of("rules", List.of())).status()).isEqualTo(200);
    }

    @Test
    void theDefaultRuleIsTheOldFlatAmountInTheDefaultCurrencyAndNoOtherCurrencyIsCharged() {
        JsonNode rules = api.getAsAdmin("/api/admin/shipping").json();
        assertThat(rules.path("configured").asBoolean()).isFalse();
        assertThat(rules.path("rules")).hasSize(1);
        assertThat(rules.path("rules").get(0).path("currency").asString()).isEqualTo("gbp");
        assertThat(rules.path("rules").get(0).path("countries").get(0).asString()).isEqualTo("*");
        assertThat(rules.path("rules").get(0).path("amount").asLong()).isEqualTo(499);

        UUID mug = Catalogs.product(jdbc, 1000, 5);
        JsonNode toTokyo = api.post("/api/shipping/quote", quote(mug, 1, "JP")).json();
        assertThat(toTokyo.path("amount").asLong()).isEqualTo(499);
        assertThat(toTokyo.path("currency").asString()).isEqualTo("gbp");
        assertThat(toTokyo.path("total").asLong()).isEqualTo(1499);

        UUID yenMug = Catalogs.product(jdbc, 1500, 5, Catalogs.MUG_VARIANT, "jpy");
        Map<String, Object> body = Checkouts.of(yenMug, 1);
        Api.Response refused = api.post("/api/create-payment-intent", body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("items");
        assertThat(refused.json().path("errors").get(0).path("message").asString()).contains("JPY");
        assertThat(ordersFor((String) body.get("checkoutId"))).isZero();
        assertThat(Catalogs.stock(jdbc, yenMug)).containsExactly(5, 0);
        assertThat(unshipped.uncovered()).contains("JPY").doesNotContain("GBP");
    }

    @Test
    void aCountryRuleWinsOverTheRestOfTheWorldAndFreeAboveMakesItFree() {
        putRules(rule("gbp", "UK", List.of("GB"), "flat", 399, 5000L),
                rule("gbp", "Rest of world", List.of("*"), "flat", 999, null));
        UUID mug = Catalogs.product(jdbc, 1000, 20);

        JsonNode uk = api.post("/api/shipping/quote", quote(mug, 1, "GB")).json();
        JsonNode ukFree = api.post("/api/shipping/quote", quote(mug, 5, "GB")).json();
        JsonNode france = api.post("/api/shipping/quote", quote(mug, 5, "FR")).json();
        Api.Response asQuery = api.get("/api/shipping/quote?items=" + mug + ":1&country=GB");

        assertThat(uk.path("amount").asLong()).isEqualTo(399);
        assertThat(uk.path("zone").asString()).isEqualTo("UK");
        assertThat(uk.path("source").asString()).isEqualTo("flat");
        assertThat(ukFree.path("amount").asLong()).isZero();
        assertThat(ukFree.path("source").asString()).isEqualTo("free");
        assertThat(france.path("amount").asLong()).isEqualTo(999);
        assertThat(france.path("zone").asString()).isEqualTo("Rest of world");
        assertThat(asQuery.status()).isEqualTo(200);
        assertThat(asQuery.json().path("amount").asLong()).isEqualTo(399);

        Api.Response free = api.post("/api/create-payment-intent", Checkouts.of(mug, 5));
        assertThat(free.status()).isEqualTo(201);
        assertThat(free.json().path("amount").path("shipping").asLong()).isZero();
        assertThat(free.json().path("amount").path("total").asLong()).isEqualTo(5000);
    }

    @Test
    void aDestinationNoRuleCoversIsRefusedNamingTheCountryAndNothingIsReserved() {
        putRules(rule("eur", "France and Germany", List.of("FR", "DE"), "flat", 899, null),
                rule("gbp", "Everywhere", List.of("*"), "flat", 499, null));
        UUID euroMug = Catalogs.product(jdbc, 1200, 5, Catalogs.MUG_VARIANT, "eur");
        Map<String, Object> toLondon = Checkouts.of(euroMug, 2);

        Api.Response refused = api.post("/api/create-payment-intent", toLondon);
        Api.Response quoteRefused = api.post("/api/shipping/quote", quote(euroMug, 1, "US"));
        Api.Response queryRefused = api.get("/api/shipping/quote?items=" + euroMug + ":1&country=US");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("shippingAddress.country");
        assertThat(refused.json().path("errors").get(0).path("message").asString()).contains("GB").contains("EUR");
        assertThat(ordersFor((String) toLondon.get("checkoutId"))).isZero();
        assertThat(Catalogs.stock(jdbc, euroMug)).containsExactly(5, 0);
        assertThat(quoteRefused.status()).isEqualTo(400);
        assertThat(quoteRefused.json().path("errors").get(0).path("field").asString()).isEqualTo("shippingAddress.country");
        assertThat(queryRefused.json().path("errors").get(0).path("field").asString()).isEqualTo("country");
    }

    @Test
    void rulesThatContradictEachOtherAreRefusedTogetherAndChangeNothing() {
        putRules(rule("gbp", "UK", List.of("GB"), "flat", 399, null));
        List<Map<String, Object>> bad = List.of(
                rule("gbp", "UK", List.of("GB"), "flat", 100, null),
                rule("gbp", "UK again", List.of("GB"), "flat", 100, null),
                rule("GBP", "Shouting", List.of("FR"), "flat", 100, null),
                rule("usd", "Mixed", List.of("*", "US"), "flat", 100, null),
                rule("usd", "Nowhere", List.of("XX"), "flat", -1, null),
                rule("eur", "Oddity", List.of("FR"), "airmail", 100, null));

        Api.Response refused = api.putAsAdmin("/api/admin/shipping", Map.of("rules", bad));

        assertThat(refused.status()).isEqualTo(400);
        List<String> fields = refused.json().path("errors").valueStream().map(e -> e.path("field").asString()).toList();
        assertThat(fields).containsExactlyInAnyOrder("rules[1].countries[0]", "rules[2].currency", "rules[3].countries",
                "rules[4].countries[0]", "rules[4].amount", "rules[5].kind");
        assertThat(refused.json().path("errors").toString()).doesNotContain("Exception");
        Api.Response noRules = api.putAsAdmin("/api/admin/shipping", Map.of("zone", "UK"));
        assertThat(noRules.status()).isEqualTo(400);
        JsonNode kept = api.getAsAdmin("/api/admin/shipping").json();
        assertThat(kept.path("configured").asBoolean()).isTrue();
        assertThat(kept.path("rules")).hasSize(1);
        assertThat(kept.path("rules").get(0).path("zone").asString()).isEqualTo("UK");
    }

    /**
     * One order per currency, paid: the quote, the order's amounts, the PaymentIntent at Stripe, Printful's retail
     * costs and the confirmation email state the same shipping, in the currency's own notation.
     */
    @ParameterizedTest
    @CsvSource({
            "gbp, GB, 1250, 399, 3.99, £3.99, £28.99",
            "usd, US, 1800, 599, 5.99, $5.99, $41.99",
            "eur, DE, 1100, 899, 8.99, €8.99, €30.99",
            "jpy, JP, 1500, 800, 800, ¥800, '¥3,800'"})
    void everyAmountAgreesForEachCurrency(String currency, String country, long unitAmount, long shipping,
            String printfulShipping, String emailShipping, String emailTotal) throws Exception {
        putRules(rule("gbp", "UK", List.of("GB"), "flat", 399, null),
                rule("usd", "United States", List.of("US"), "flat", 599, null),
                rule("eur", "Europe", List.of("DE", "FR"), "flat", 899, null),
                rule("jpy", "Japan", List.of("JP"), "flat", 800, null));
        UUID product = Catalogs.product(jdbc, unitAmount, 10, Catalogs.MUG_VARIANT, currency);
        Map<String, Object> body = Checkouts.of(product, 2);
        body.put("shippingAddress", address(country));
        long total = 2 * unitAmount + shipping;

        JsonNode quoted = api.post("/api/shipping/quote", quote(product, 2, country)).json();
        Api.Response checkout = api.post("/api/create-payment-intent", body);

        assertThat(quoted.path("amount").asLong()).isEqualTo(shipping);
        assertThat(quoted.path("currency").asString()).isEqualTo(currency);
        assertThat(checkout.status()).isEqualTo(201);
        assertThat(checkout.json().path("amount").path("shipping").asLong()).isEqualTo(shipping);
        assertThat(checkout.json().path("amount").path("total").asLong()).isEqualTo(total);
        assertThat(checkout.json().path("amount").path("currency").asString()).isEqualTo(currency);
        StripeClient stripeClient = StripeClient.builder().setApiKey(stripe.secretKey()).setApiBase(stripe.baseUrl()).build();
        PaymentIntent atStripe = stripeClient.v1().paymentIntents().retrieve(checkout.text("paymentIntentId"));
        assertThat(atStripe.getAmount()).isEqualTo(total);
        assertThat(atStripe.getCurrency()).isEqualTo(currency);

        new Browser(stripe.baseUrl(), stripe.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        assertThat(api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")))
                .json().path("success").asBoolean()).isTrue();
        String number = checkout.text("orderNumber");
        await().atMost(Duration.ofSeconds(30)).until(() -> printful.orders().stream()
                .anyMatch(o -> number.equals(o.externalId())));
        JsonNode atPrintful = JSON.readTree(printful.orderJson("@" + number));
        assertThat(atPrintful.path("retail_costs").path("currency").asString()).isEqualTo(currency.toUpperCase());
        assertThat(atPrintful.path("retail_costs").path("shipping").asString()).isEqualTo(printfulShipping);
        assertThat(atPrintful.path("shipping").asString()).isEqualTo("STANDARD");

        String orderId = checkout.text("orderId");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "select count(*) from notifications where order_id = :id and kind = 'order_confirmation'")
                .param("id", UUID.fromString(orderId)).query(Long.class).single() == 1);
        String email = jdbc.sql("select text_body from notifications where order_id = :id and kind = 'order_confirmation'")
                .param("id", UUID.fromString(orderId)).query(String.class).single();
        assertThat(email).contains(emailShipping).contains(emailTotal);
        JsonNode admin = api.getAsAdmin("/api/admin/orders/" + orderId).json();
        assertThat(admin.path("shipping").asLong()).isEqualTo(shipping);
        assertThat(admin.path("total").asLong()).isEqualTo(total);
        assertThat(admin.path("shippingMethod").path("zone").asString()).isNotBlank();
    }

    /**
     * A rule of kind printful charges Printful's rate for the items and address (the simulator's table: EXPRESS to GB
     * is 14.00 USD for the first item and 3.00 for each further, times 0.80 for GBP), sends the order with that method,
     * and falls back to the rule's amount when Printful fails.
     */
    @Test
    void aPrintfulRuleChargesPrintfulsRateSendsItsMethodAndFallsBackWhenPrintfulFails() throws Exception {
        Map<String, Object> express = rule("gbp", "UK express", List.of("GB"), "printful", 999, null);
        express.put("method", "EXPRESS");
        express.put("methodName", "Express delivery");
        putRules(express);
        UUID mug = Catalogs.product(jdbc, 1250, 20);
        long expected = Math.round((14.00 + 3.00) * 0.80 * 100);

        JsonNode quoted = api.post("/api/shipping/quote", quote(mug, 2, "GB")).json();
        Map<String, Object> body = Checkouts.of(mug, 2);
        Api.Response checkout = api.post("/api/create-payment-intent", body);

        assertThat(quoted.path("amount").asLong()).isEqualTo(expected);
        assertThat(quoted.path("source").asString()).isEqualTo("printful");
        assertThat(quoted.path("method").asString()).isEqualTo("EXPRESS");
        assertThat(quoted.path("methodName").asString()).isEqualTo("Express delivery");
        assertThat(quoted.path("estimatedDelivery").path("minDays").asInt()).isEqualTo(1);
        assertThat(quoted.path("estimatedDelivery").path("maxDays").asInt()).isEqualTo(2);
        assertThat(checkout.json().path("amount").path("shipping").asLong()).isEqualTo(expected);
        new Browser(stripe.baseUrl(), stripe.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")));
        String number = checkout.text("orderNumber");
        await().atMost(Duration.ofSeconds(30)).until(() -> printful.orders().stream()
                .anyMatch(o -> number.equals(o.externalId())));
        JsonNode atPrintful = JSON.readTree(printful.orderJson("@" + number));
        assertThat(atPrintful.path("shipping").asString()).isEqualTo("EXPRESS");
        assertThat(atPrintful.path("retail_costs").path("shipping").asString()).isEqualTo("13.60");

        printful.faults().apiErrorRate(1.0);
        try {
            // Three mugs: another cart than the one whose rates are kept, so Printful is asked again — and fails.
            JsonNode fallback = api.post("/api/shipping/quote", quote(mug, 3, "GB")).json();
            assertThat(fallback.path("source").asString()).isEqualTo("printful_fallback");
            assertThat(fallback.path("amount").asLong()).isEqualTo(999);
            assertThat(fallback.path("method").asString()).isEqualTo("EXPRESS");
        } finally {
            printful.faults().reset().rateLimit(0);
        }
    }

    @Test
    void aRepeatedCheckoutGetsItsOrderEvenWhenTheRulesNoLongerShipThere() {
        putRules(rule("gbp", "UK", List.of("GB"), "flat", 399, null));
        UUID mug = Catalogs.product(jdbc, 1000, 5);
        Map<String, Object> body = Checkouts.of(mug, 1);
        Api.Response first = api.post("/api/create-payment-intent", body);
        putRules(rule("gbp", "France", List.of("FR"), "flat", 999, null));

        Api.Response again = api.post("/api/create-payment-intent", body);
        Api.Response someoneElse = api.post("/api/create-payment-intent", Checkouts.of(mug, 1));

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("orderId")).isEqualTo(first.text("orderId"));
        assertThat(again.json().path("amount").path("shipping").asLong()).isEqualTo(399);
        assertThat(someoneElse.status()).isEqualTo(400);
        assertThat(someoneElse.json().path("errors").get(0).path("field").asString()).isEqualTo("shippingAddress.country");
    }

    @Test
    void aPrintfulRuleWhoseMethodPrintfulDoesNotOfferThereRefusesTheCartInsteadOfChargingTheFallback() {
        Map<String, Object> overnight = rule("gbp", "UK overnight", List.of("GB"), "printful", 1999, null);
        overnight.put("method", "OVERNIGHT");
        putRules(overnight);
        UUID mug = Catalogs.product(jdbc, 1250, 5);
        Map<String, Object> body = Checkouts.of(mug, 1);

        Api.Response quote = api.post("/api/shipping/quote", quote(mug, 1, "GB"));
        Api.Response checkout = api.post("/api/create-payment-intent", body);

        assertThat(quote.status()).isEqualTo(400);
        assertThat(quote.json().path("errors").get(0).path("field").asString()).isEqualTo("shippingAddress.country");
        assertThat(quote.json().path("errors").get(0).path("message").asString()).contains("STANDARD");
        assertThat(checkout.status()).isEqualTo(400);
        assertThat(ordersFor((String) body.get("checkoutId"))).isZero();
        assertThat(Catalogs.stock(jdbc, mug)).containsExactly(5, 0);
    }

    private void putRules(Map<String, Object>... rules) {
        Api.Response stored = api.putAsAdmin("/api/admin/shipping", Map.of("rules", List.of(rules)));
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
    }

    private static Map<String, Object> rule(String currency, String zone, List<String> countries, String kind,
            long amount, Long freeAbove) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("currency", currency);
        rule.put("zone", zone);
        rule.put("countries", countries);
        rule.put("kind", kind);
        rule.put("amount", amount);
        rule.put("freeAbove", freeAbove);
        return rule;
    }

    private static Map<String, Object> quote(UUID product, int quantity, String country) {
        return Map.of("items", List.of(Map.of("productId", product.toString(), "quantity", quantity)),
                "shippingAddress", address(country));
    }

    private static Map<String, Object> address(String country) {
        Map<String, Object> address = Checkouts.toLondon();
        address.put("country", country);
        return address;
    }

    private long ordersFor(String checkoutId) {
        return jdbc.sql("select count(*) from orders where checkout_id = :id").param("id", checkoutId)
                .query(Long.class).single();
    }
}
