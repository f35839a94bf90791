package dev.checkstand.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Race;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** API.md, "Customer proof": an order id alone neither cancels an order nor replaces its Checkout Session. */
@CheckstandIntegrationTest
class CustomerProofIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    StripeClient stripe;

    @BeforeEach
    void setUp() {
        stripe = StripeClient.builder().setApiKey(simulator.secretKey()).setApiBase(simulator.baseUrl()).build();
    }

    @Test
    void bothCreateAnswersCarryAnOrderTokenOfAtLeast128RandomBitsKeptOnlyAsItsHash() {
        Api.Response paymentIntent = api.post("/api/create-payment-intent", Checkouts.oneMugToLondon(jdbc).body());
        Api.Response session = api.post("/api/payments/create-checkout-session", Checkouts.oneMugToLondon(jdbc).body());

        for (Api.Response checkout : List.of(paymentIntent, session)) {
            String token = checkout.text("orderToken");
            assertThat(token).matches("[A-Za-z0-9_-]+");
            assertThat(Base64.getUrlDecoder().decode(token)).hasSizeGreaterThanOrEqualTo(16);
            assertThat(jdbc.sql("""
                    select count(*) from order_tokens
                     where order_id = :id and token_hash = sha256(convert_to(:token, 'UTF8'))""")
                    .param("id", UUID.fromString(checkout.text("orderId"))).param("token", token)
                    .query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("""
                    select count(*) from orders o join order_tokens t on t.order_id = o.id
                     where o.id = :id and (o::text like '%' || :token || '%' or t::text like '%' || :token || '%'
                        or encode(t.token_hash, 'escape') like '%' || :token || '%')""")
                    .param("id", UUID.fromString(checkout.text("orderId"))).param("token", token)
                    .query(Long.class).single()).isZero();
        }
        assertThat(paymentIntent.text("orderToken")).isNotEqualTo(session.text("orderToken"));
    }

    @Test
    void cancelWithoutValidProofIsAnswered404LikeAnUnknownOrderAndChangesNothing() throws Exception {
        Checkouts.Checkout twoMugs = Checkouts.twoMugsToLondon(jdbc);
        Api.Response checkout = api.post("/api/create-payment-intent", twoMugs.body());
        Api.Response other = api.post("/api/payments/create-checkout-session", Checkouts.oneMugToLondon(jdbc).body());
        String orderId = checkout.text("orderId");
        long cancelsBefore = stripeCalls("POST /v1/payment_intents/{id}/cancel");

        for (Map<String, String> proof : wrongProofs(checkout, other)) {
            Api.Response refused = postWithProof("/api/orders/" + orderId + "/cancel", proof);

            assertThatItIsTheUnknownOrderAnswer(refused, orderId, "/cancel", proof);
        }

        assertThat(orderStatus(orderId)).isEqualTo("pending_payment");
        assertThat(Catalogs.stock(jdbc, twoMugs.product())).containsExactly(5, 2);
        assertThat(timeline(orderId)).doesNotContain("canceled");
        assertThat(stripe.v1().paymentIntents().retrieve(checkout.text("paymentIntentId")).getStatus())
                .isEqualTo("requires_payment_method");
        assertThat(stripeCalls("POST /v1/payment_intents/{id}/cancel")).isEqualTo(cancelsBefore);
    }

    @Test
    void retrySessionWithoutValidProofIsAnswered404LikeAnUnknownOrderAndChangesNothing() throws Exception {
        Checkouts.Checkout twoMugs = Checkouts.twoMugsToLondon(jdbc);
        Api.Response checkout = api.post("/api/payments/create-checkout-session", twoMugs.body());
        Api.Response other = api.post("/api/payments/create-checkout-session", Checkouts.oneMugToLondon(jdbc).body());
        String orderId = checkout.text("orderId");
        long sessionsBefore = stripeCalls("POST /v1/checkout/sessions");

        for (Map<String, String> proof : wrongProofs(checkout, other)) {
            Api.Response refused = postWithProof("/api/orders/" + orderId + "/retry-session", proof);

            assertThatItIsTheUnknownOrderAnswer(refused, orderId, "/retry-session", proof);
        }

        assertThat(stripe.v1().checkout().sessions().retrieve(checkout.text("sessionId")).getStatus()).isEqualTo("open");
        assertThat(stripeCalls("POST /v1/checkout/sessions")).isEqualTo(sessionsBefore);
        assertThat(jdbc.sql("select count(*) from payment_attempts where order_id = :id")
                .param("id", UUID.fromString(orderId)).query(Long.class).single()).isEqualTo(1);
        assertThat(orderStatus(orderId)).isEqualTo("pending_payment");
        assertThat(Catalogs.stock(jdbc, twoMugs.product())).containsExactly(5, 2);
    }

    @Test
    void theOrdersOwnCheckoutSessionIdIsProofAndAnotherOrdersIsNot() {
        Checkouts.Checkout twoMugs = Checkouts.twoMugsToLondon(jdbc);
        Api.Response checkout = api.post("/api/payments/create-checkout-session", twoMugs.body());
        Api.Response other = api.post("/api/payments/create-checkout-session", Checkouts.oneMugToLondon(jdbc).body());
        String orderId = checkout.text("orderId");

        Api.Response refused = api.post("/api/orders/" + orderId + "/retry-session?session_id=" + other.text("sessionId"),
                "{}");
        Api.Response retried = api.post("/api/orders/" + orderId + "/retry-session?session_id=" + checkout.text("sessionId"),
                "{}");
        Api.Response canceled = api.post("/api/orders/" + orderId + "/cancel?session_id=" + retried.text("sessionId"), "{}");

        assertThat(refused.status()).isEqualTo(404);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.text("status")).isEqualTo("canceled");
        assertThat(Catalogs.stock(jdbc, twoMugs.product())).containsExactly(5, 0);
    }

    @Test
    void aRepeatedCheckoutGetsAFurtherWorkingTokenAndTheFirstKeepsWorking() {
        Checkouts.Checkout oneMug = Checkouts.oneMugToLondon(jdbc);
        Api.Response first = api.post("/api/create-payment-intent", oneMug.body());
        Api.Response again = api.post("/api/create-payment-intent", oneMug.body());
        String cancel = "/api/orders/" + first.text("orderId") + "/cancel";

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("orderToken")).isNotBlank().isNotEqualTo(first.text("orderToken"));
        Api.Response canceled = api.postWithOrderToken(cancel, "{}", again.text("orderToken"));
        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.text("status")).isEqualTo("canceled");
        assertThat(api.postWithOrderToken(cancel, "{}", first.text("orderToken")).status()).isEqualTo(200);
        assertThat(api.postWithOrderToken(cancel, "{}", "x" + first.text("orderToken")).status()).isEqualTo(404);
    }

    @Test
    void everyAnswerToTwentyRacingIdenticalCheckoutsCarriesAWorkingToken() throws Exception {
        Checkouts.Checkout oneMug = Checkouts.oneMugToLondon(jdbc);

        List<Api.Response> answers = Race.of(20, () -> api.post("/api/payments/create-checkout-session", oneMug.body()));

        String cancel = "/api/orders/" + answers.get(0).text("orderId") + "/cancel";
        assertThat(answers).extracting(Api.Response::status).containsOnly(200, 201);
        assertThat(answers).extracting(a -> a.text("orderToken")).doesNotContainNull().doesNotHaveDuplicates();
        for (Api.Response answer : answers) {
            assertThat(api.postWithOrderToken(cancel, "{}", answer.text("orderToken")).status()).isEqualTo(200);
        }
        assertThat(orderStatus(answers.get(0).text("orderId"))).isEqualTo("canceled");
    }

    @Test
    void aCheckoutIdReusedWithOtherContentGetsNoToken() {
        UUID mug = Catalogs.mug(jdbc);
        String checkoutId = Checkouts.newCheckoutId();
        Api.Response first = api.post("/api/create-payment-intent", Checkouts.of(checkoutId, mug, 1));

        Api.Response conflict = api.post("/api/create-payment-intent", Checkouts.of(checkoutId, mug, 2));

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.text("orderToken")).isNull();
        assertThat(tokens(first.text("orderId"))).isEqualTo(1);
    }

    @Test
    void anOrderKeepsOnlyItsNewestFiftyTokens() {
        Checkouts.Checkout oneMug = Checkouts.oneMugToLondon(jdbc);
        String firstToken = api.post("/api/create-payment-intent", oneMug.body()).text("orderToken");
        Api.Response last = null;

        for (int i = 0; i < 55; i++) {
            last = api.post("/api/create-payment-intent", oneMug.body());
        }

        assertThat(tokens(last.text("orderId"))).isEqualTo(50);
        String cancel = "/api/orders/" + last.text("orderId") + "/cancel";
        assertThat(api.postWithOrderToken(cancel, "{}", firstToken).status()).isEqualTo(404);
        assertThat(api.postWithOrderToken(cancel, "{}", last.text("orderToken")).status()).isEqualTo(200);
    }

    // No proof, an empty or wrong token, another order's token or session, a session id of the wrong shape.
    private static List<Map<String, String>> wrongProofs(Api.Response checkout, Api.Response other) {
        return List.of(
                Map.of(),
                Map.of("header", ""),
                Map.of("header", "not-a-token"),
                Map.of("header", checkout.text("orderToken").substring(1)),
                Map.of("header", checkout.text("orderToken").toUpperCase()),
                Map.of("header", other.text("orderToken")),
                Map.of("session", other.text("sessionId")),
                Map.of("session", "cs_test_unknown"),
                Map.of("session", "cs_%00'--"),
                Map.of("header", other.text("orderToken"), "session", other.text("sessionId")));
    }

    private Api.Response postWithProof(String path, Map<String, String> proof) {
        String query = proof.containsKey("session") ? "?session_id=" + proof.get("session") : "";
        Map<String, String> headers = new LinkedHashMap<>();
        if (proof.containsKey("header")) {
            headers.put("X-Order-Token", proof.get("header"));
        }
        return api.postRaw(path + query, "{}", headers);
    }

    // Exactly the body an id that names no order gets, but for the id itself.
    private void assertThatItIsTheUnknownOrderAnswer(Api.Response refused, String orderId, String route,
            Map<String, String> proof) {
        String unknownId = UUID.randomUUID().toString();
        Api.Response unknown = postWithProof("/api/orders/" + unknownId + route, proof);
        // Proof text no request may carry (an encoded NUL) is bad input, refused before any order is looked at: the
        // same 400 for the order and for an unknown id. Any other wrong proof is the unknown order's 404.
        boolean malformed = proof.values().stream().anyMatch(value -> value.contains("%00"));
        assertThat(unknown.status()).isEqualTo(malformed ? 400 : 404);
        assertThat(unknown.text("code")).isEqualTo(malformed ? "invalid_request" : "order_not_found");
        assertThat(refused.status()).as("proof %s", proof.keySet()).isEqualTo(unknown.status());
        assertThat(refused.contentType()).isEqualTo(unknown.contentType());
        assertThat(refused.body()).isEqualTo(unknown.body().replace(unknownId, orderId));
    }

    private long stripeCalls(String route) {
        return simulator.apiCallCounts().getOrDefault(route, 0L);
    }

    private String orderStatus(String orderId) {
        return jdbc.sql("select status from orders where id = :id").param("id", UUID.fromString(orderId))
                .query(String.class).single();
    }

    private List<String> timeline(String orderId) {
        return jdbc.sql("select type from order_timeline where order_id = :id order by id")
                .param("id", UUID.fromString(orderId)).query(String.class).list();
    }

    private long tokens(String orderId) {
        return jdbc.sql("select count(*) from order_tokens where order_id = :id")
                .param("id", UUID.fromString(orderId)).query(Long.class).single();
    }
}
