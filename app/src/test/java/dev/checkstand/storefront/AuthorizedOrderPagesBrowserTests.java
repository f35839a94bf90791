package dev.checkstand.storefront;

import static dev.checkstand.support.Axe.assertNoViolations;
import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Chromium;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The customer's pages with capture on fulfillment, in a real browser: an order placed on an authorization reads as
 * placed, its card to be charged when it goes into production, with the amount held — live, then paid once captured;
 * an order whose authorization was released reads as canceled with nothing charged, live and on the cancel page.
 * Writes README's screenshot of the authorized order's success page.
 */
@CheckstandIntegrationTest
@TestPropertySource(properties = {"checkstand.capture.mode=on_fulfillment", "checkstand.capture.interval=500ms"})
class AuthorizedOrderPagesBrowserTests {

    private static final String PLACED = "Thank you, your order is placed";

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator stripe;

    @RegisterExtension
    final Chromium chromium = Chromium.perTest();

    UUID product;

    @BeforeEach
    void setUp() {
        product = Catalogs.product(jdbc, 1250, 20);
    }

    @AfterEach
    void tearDown() {
        stripe.faults().reset();
    }

    @Test
    void theSuccessPageShowsTheOrderPlacedOnItsAuthorizationLiveAndTurnsPaidWhenItIsCaptured() throws Exception {
        stripe.faults().webhookDropRate(1.0);
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, 2));
        new Browser(stripe.baseUrl(), stripe.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");

        OrderStatusPage page = OrderStatusPage.open(chromium, api.url("/payment/success?payment_intent=")
                + checkout.text("paymentIntentId") + "&redirect_status=succeeded");
        assertThat(page.title()).isEqualTo("Confirming your payment");

        page.awaitTitle(PLACED);
        String held = "Payment authorized — your card will be charged when your order goes into production. Until"
                + " then £29.99 is held on your card.";
        assertThat(page.text()).isEqualTo(held);
        assertThat(page.tone()).isEqualTo("ok");
        assertNoViolations(page.driver(), "the success page of an authorized order");
        chromium.screenshot("success-authorized");
        page.reload();
        assertThat(page.title()).isEqualTo(PLACED);
        assertThat(page.text()).isEqualTo(held);

        assertThat(api.postAsAdmin("/api/admin/orders/" + checkout.text("orderId") + "/capture", Map.of()).status())
                .isEqualTo(200);

        page.awaitTitle("Thank you, your order is paid");
        assertThat(page.text()).isEqualTo("A confirmation is on its way to your email.");
        assertThat(page.tone()).isEqualTo("ok");
    }

    @Test
    void anOrderWhoseAuthorizationIsReleasedReadsAsCanceledWithNothingCharged() throws Exception {
        Api.Response session = api.post("/api/payments/create-checkout-session", Checkouts.of(product, 1));
        stripe.payCheckoutSession(session.text("sessionId"), "pm_card_visa");
        OrderStatusPage page = OrderStatusPage.open(chromium, api.url("/checkout/success?session_id=")
                + session.text("sessionId"));
        page.awaitTitle(PLACED);
        assertThat(page.text()).contains("£17.49 is held on your card");
        OrderStatusPage cancel = OrderStatusPage.open(chromium, api.url("/checkout/cancel?session_id=")
                + session.text("sessionId"));
        assertThat(cancel.heading()).isEqualTo("Your order is placed");
        assertThat(cancel.title()).isEqualTo(PLACED);
        page = OrderStatusPage.open(chromium, api.url("/checkout/success?session_id=") + session.text("sessionId"));
        page.awaitTitle(PLACED);

        assertThat(api.postAsAdmin("/api/admin/orders/" + session.text("orderId") + "/release", Map.of()).status())
                .isEqualTo(200);

        String nothingCharged = "The hold on your card was released: nothing was charged.";
        page.awaitTitle("This order is canceled");
        assertThat(page.text()).isEqualTo(nothingCharged);
        assertThat(page.tone()).isEqualTo("bad");
        page.reload();
        assertThat(page.title()).isEqualTo("This order is canceled");
        assertThat(page.text()).isEqualTo(nothingCharged);
        cancel = OrderStatusPage.open(chromium, api.url("/checkout/cancel?session_id=") + session.text("sessionId"));
        assertThat(cancel.heading()).isEqualTo("Your order is canceled");
        assertThat(cancel.lead()).isEqualTo(nothingCharged);
        assertNoViolations(cancel.driver(), "the cancel page of an order whose authorization was released");
    }
}
