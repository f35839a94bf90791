package dev.checkstand.payment.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Operation names for the Stripe call metrics: from the call's shape, never its ids, so there are few. */
class StripeOperationsTests {

    @Test
    void everyCallTheGatewayMakesHasItsOwnName() {
        assertThat(StripeOperations.of("POST", "/v1/payment_intents")).isEqualTo("create_payment_intent");
        assertThat(StripeOperations.of("GET", "/v1/payment_intents/pi_3Nx")).isEqualTo("retrieve_payment_intent");
        assertThat(StripeOperations.of("POST", "/v1/payment_intents/pi_3Nx/cancel")).isEqualTo("cancel_payment_intent");
        assertThat(StripeOperations.of("GET", "/v1/payment_intents")).isEqualTo("list_payment_intents");
        assertThat(StripeOperations.of("POST", "/v1/refunds")).isEqualTo("create_refund");
        assertThat(StripeOperations.of("GET", "/v1/refunds")).isEqualTo("list_refunds");
        assertThat(StripeOperations.of("GET", "/v1/events")).isEqualTo("list_events");
        assertThat(StripeOperations.of("POST", "/v1/checkout/sessions")).isEqualTo("create_checkout_session");
        assertThat(StripeOperations.of("GET", "/v1/checkout/sessions/cs_test_a1")).isEqualTo("retrieve_checkout_session");
        assertThat(StripeOperations.of("POST", "/v1/checkout/sessions/cs_test_a1/expire"))
                .isEqualTo("expire_checkout_session");
        assertThat(StripeOperations.MADE).contains("create_payment_intent", "retrieve_payment_intent",
                "cancel_payment_intent", "list_payment_intents", "create_refund", "list_refunds", "list_events",
                "create_checkout_session", "retrieve_checkout_session", "expire_checkout_session");
    }

    @Test
    void idsNeverBecomeNamesAndUnknownCallsAreOther() {
        assertThat(StripeOperations.of("GET", "/v1/payment_intents/pi_A")).isEqualTo(StripeOperations.of("GET",
                "/v1/payment_intents/pi_B"));
        assertThat(StripeOperations.of("POST", "/v1/payment_intents/pi_A/confirm")).isEqualTo("confirm_payment_intent");
        assertThat(StripeOperations.of("POST", "/v1/payment_intents/pi_A/anything")).isEqualTo("other");
        assertThat(StripeOperations.of("GET", "/v1/customers/cus_1")).isEqualTo("other");
        assertThat(StripeOperations.of("GET", "/v1/payment_intentsX")).isEqualTo("other");
        assertThat(StripeOperations.of("GET", "/v1/checkout/sessions/cs_1/line_items")).isEqualTo("other");
        assertThat(StripeOperations.of("GET", "/v1/payment_intents/")).isEqualTo("other");
        assertThat(StripeOperations.of("GET", "/v2/core/events")).isEqualTo("other");
        assertThat(StripeOperations.of("GET", null)).isEqualTo("other");
    }
}
