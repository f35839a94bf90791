package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.stripe.net.Webhook;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.simulator.printful.PrintfulSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Instances;
import dev.checkstand.support.ServiceInstance;
import dev.checkstand.support.StripeEvents;
import dev.checkstand.support.TestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run of the service with {@code CHECKSTAND_LOG_FORMAT=json}, its whole log captured: a checkout paid through
 * Stripe's webhook, a refund, admin calls with the admin password (and one with a wrong one), webhooks with a bad
 * signature, of an unhandled type, unprocessable, and from Printful, and emails kept for want of a mail server. The
 * log tells that order's story with its id and number as fields, and each event's lines with the event's id; it
 * never holds a secret, a webhook body, a customer's full email address, name or address, or an email's text.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String STRIPE_SECRET_KEY = "sk_test_" + token();
    private static final String STRIPE_WEBHOOK_SECRET = "whsec_" + token();
    private static final String PRINTFUL_TOKEN = "pf_" + token();
    private static final String PRINTFUL_WEBHOOK_SECRET = "pfhook" + token();

    @RegisterExtension
    static final Instances instances = Instances.onOwnBackends("structured-logs",
            StripeSimulator.builder().port(0).secretKey(STRIPE_SECRET_KEY).webhookSecret(STRIPE_WEBHOOK_SECRET));

    static PrintfulSimulator printful;

    @BeforeAll
    static void startPrintful() {
        printful = PrintfulSimulator.builder().port(0).token(PRINTFUL_TOKEN).start();
    }

    // Spring Boot hands the structured format to Logback through a JVM-wide system property, which a later context
    // would inherit: the rest of the run's log goes back to plain lines.
    @AfterAll
    static void stopPrintful() {
        printful.close();
        System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
    }

    @Test
    void aRunsLogFollowsTheOrderAndItsEventsAndKeepsSecretsBodiesAndCustomersOut(CapturedOutput output)
            throws Exception {
        String marker = token();
        String email = "shopper." + marker + "@example.com";
        String name = "Zed Q" + marker.substring(0, 12);
        String street = marker.substring(12) + " Logging Lane";
        String bodyMarker = "body" + token();
        String wrongPassword = "wrong-" + token();
        List<String> args = new ArrayList<>(List.of(ServiceInstance.printful(printful, PRINTFUL_WEBHOOK_SECRET)));
        args.add("--CHECKSTAND_LOG_FORMAT=json");
        ServiceInstance service = instances.start(args.toArray(String[]::new));
        Api api = service.api();
        StripeSimulator stripe = instances.simulator();
        stripe.setWebhookUrl(service.webhookUrl());
        JdbcClient jdbc = instances.jdbc();

        // A checkout, paid by card; Stripe's webhook makes the order paid.
        Map<String, Object> checkout = new LinkedHashMap<>(Checkouts.of(Catalogs.mug(jdbc), 1));
        checkout.put("email", email);
        Map<String, Object> address = new LinkedHashMap<>(Checkouts.toLondon());
        address.put("name", name);
        address.put("line1", street);
        checkout.put("shippingAddress", address);
        Api.Response placed = api.post("/api/create-payment-intent", checkout);
        assertThat(placed.status()).isEqualTo(201);
        String orderId = placed.text("orderId");
        String number = placed.text("orderNumber");
        new Browser(stripe.baseUrl(), stripe.publishableKey())
                .pay(placed.text("paymentIntentId"), placed.text("clientSecret"), "pm_card_visa");
        await().atMost(Duration.ofSeconds(30)).until(() -> "paid".equals(column(jdbc, "select status from orders"
                + " where id = :id", orderId)));

        // An admin refunds part of it; a wrong password is refused.
        Api.Response refund = api.send("POST", "/api/admin/orders/" + orderId + "/refunds", "{\"amount\":500}",
                Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Authorization", api.adminAuthorization()));
        assertThat(refund.status()).isEqualTo(201);
        assertThat(api.send("GET", "/api/admin/orders/" + orderId, null, Map.of("Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString(("admin:" + wrongPassword).getBytes()))).status())
                .isEqualTo(401);
        await().atMost(Duration.ofSeconds(30)).until(() -> "succeeded".equals(column(jdbc,
                "select status from refunds where order_id = :id", orderId)));
        // Both emails kept: no mail server is configured.
        await().atMost(Duration.ofSeconds(30)).until(() -> Long.valueOf(2).equals(jdbc.sql(
                "select count(*) from notifications where order_id = :id and status = 'stored'")
                .param("id", UUID.fromString(orderId)).query(Long.class).single()));

        // Webhooks carrying a marker in their bodies: a bad signature, with the caller's request id; an event of a
        // type nobody handles; one whose object is unusable (a dead letter at once); one from Printful.
        String requestId = "trace-" + marker.substring(0, 8);
        String unhandled = StripeEvents.newEventId();
        String unusable = StripeEvents.newEventId();
        String customer = "{\"id\":\"cus_" + marker.substring(0, 14) + "\",\"object\":\"customer\",\"email\":\""
                + email + "\",\"description\":\"" + bodyMarker + "\"}";
        Api.Response refused = api.send("POST", "/api/payments/webhook",
                StripeEvents.event(StripeEvents.newEventId(), "payment_intent.succeeded", customer),
                Map.of("Stripe-Signature", "t=1,v1=" + "0".repeat(64), "X-Request-Id", requestId));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("X-Request-Id")).isEqualTo(requestId);
        assertThat(signed(api, StripeEvents.event(unhandled, "customer.created", customer)).status()).isEqualTo(200);
        assertThat(signed(api, StripeEvents.event(unusable, "payment_intent.succeeded", customer)).status())
                .isEqualTo(200);
        String printfulEvent = "{\"type\":\"package_shipped\",\"created\":" + Instant.now().getEpochSecond()
                + ",\"retries\":0,\"store\":1,\"data\":{\"order\":{\"external_id\":\"CS-NOTOURS\",\"status\":"
                + "\"fulfilled\"},\"shipment\":{\"id\":1,\"tracking_number\":\"" + bodyMarker + "\"}}}";
        assertThat(api.postRaw("/api/printful/webhook/" + PRINTFUL_WEBHOOK_SECRET, printfulEvent, Map.of())
                .status()).isEqualTo(200);
        Api.Response insane = api.send("GET", "/api/products", null, Map.of("X-Request-Id", "two words"));
        assertThat(insane.header("X-Request-Id")).matches("[0-9a-f-]{36}");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "select count(*) from webhook_events where event_id in (:ids) and status in ('ignored', 'failed')")
                .param("ids", List.of(unhandled, unusable)).query(Long.class).single() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains(unusable));

        String log = output.getOut() + output.getErr();
        String emailText = column(jdbc, "select text_body from notifications where order_id = :id"
                + " and kind = 'order_confirmation'", orderId);
        assertThat(emailText).contains(name);
        assertThat(log).doesNotContain(STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, PRINTFUL_TOKEN,
                PRINTFUL_WEBHOOK_SECRET, TestSupport.ADMIN_PASSWORD, api.adminAuthorization().substring(6),
                wrongPassword, bodyMarker, email, "shopper." + marker, name, street, placed.text("clientSecret"),
                placed.text("orderToken"));
        for (String line : emailText.lines().filter(line -> line.strip().length() > 24).toList()) {
            assertThat(log).doesNotContain(line.strip());
        }

        List<JsonNode> lines = jsonLines(output.getOut());
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line.has("@timestamp")).isTrue());
        List<JsonNode> aboutTheOrder = lines.stream()
                .filter(line -> line.path("message").asString().contains(number)
                        || line.path("message").asString().contains(orderId))
                .toList();
        assertThat(aboutTheOrder).isNotEmpty().allSatisfy(line -> {
            assertThat(line.path("orderId").asString()).as(line.toString()).isEqualTo(orderId);
        });
        // The timeline's entries, one line each: "Order CS-...: paid (webhook)" (the id when the number is not known).
        List<JsonNode> story = aboutTheOrder.stream()
                .filter(line -> line.path("message").asString().matches("Order (" + number + "|" + orderId + "): .*"))
                .toList();
        assertThat(story).filteredOn(line -> line.path("message").asString().contains(number))
                .allSatisfy(line -> assertThat(line.path("orderNumber").asString()).isEqualTo(number));
        assertThat(story).extracting(line -> line.path("message").asString().split(": ")[1].split(" ")[0])
                .contains("created", "paid", "fulfillment_submitted", "refund_requested", "refund_succeeded");
        JsonNode paid = story.stream().filter(line -> line.path("message").asString().endsWith("paid (webhook)"))
                .findFirst().orElseThrow();
        assertThat(paid.path("eventSource").asString()).isEqualTo("stripe");
        assertThat(paid.path("eventId").asString()).startsWith("evt_");
        assertThat(aboutTheOrder).anySatisfy(line -> assertThat(line.path("message").asString())
                .startsWith("Kept order_confirmation").contains("s***@example.com"));
        assertThat(lines).filteredOn(line -> line.path("message").asString().contains(unusable)).isNotEmpty()
                .allSatisfy(line -> assertThat(line.path("eventId").asString()).isEqualTo(unusable));
        assertThat(lines).filteredOn(line -> line.path("message").asString().startsWith("Refused a stripe webhook"))
                .anySatisfy(line -> assertThat(line.path("requestId").asString()).isEqualTo(requestId));
    }

    private static Api.Response signed(Api api, String event) throws Exception {
        return api.postRaw("/api/payments/webhook", event,
                Map.of("Stripe-Signature", Webhook.Signature.generateSignatureHeader(event, STRIPE_WEBHOOK_SECRET)));
    }

    private static String column(JdbcClient jdbc, String sql, String orderId) {
        return jdbc.sql(sql).param("id", UUID.fromString(orderId)).query(String.class).optional().orElse(null);
    }

    private static List<JsonNode> jsonLines(String output) {
        return output.lines().filter(line -> line.startsWith("{")).map(JSON::readTree).toList();
    }

    private static String token() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
