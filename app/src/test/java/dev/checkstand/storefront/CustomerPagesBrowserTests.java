package dev.checkstand.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Chromium;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The pages customers come back to, in a real browser (headless Chromium): the success page shows the order at once
 * and turns paid live; the cancel page offers "Try again" — a new Checkout Session for the same order, paid — and
 * "Cancel order". Writes the screenshots README shows to {@code docs/screenshots/}.
 */
@CheckstandIntegrationTest
class CustomerPagesBrowserTests {

    private static final By HEADLINE = By.cssSelector("[data-live=title]");

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
    void theSuccessPageShowsTheOrderAtOnceAndTurnsPaidLive() throws Exception {
        stripe.faults().webhookDropRate(1.0);
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, 2));
        new Browser(stripe.baseUrl(), stripe.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");

        WebDriver page = chromium.open(api.url("/payment/success?payment_intent=") + checkout.text("paymentIntentId")
                + "&redirect_status=succeeded");

        assertThat(page.findElement(HEADLINE).getText()).isEqualTo("Confirming your payment");
        assertThat(page.findElement(By.cssSelector("h2")).getText()).contains(checkout.text("orderNumber"));
        assertThat(page.findElement(By.cssSelector("table.lines tbody")).getText()).contains("Test product", "£25.00");
        assertThat(page.findElement(By.cssSelector("table.lines tfoot")).getText()).contains("£29.99");
        chromium.screenshot("success-processing");

        chromium.awaitText(HEADLINE, "your order is paid", 20);
        assertThat(page.findElement(By.cssSelector("[data-live=headline]")).getAttribute("class")).contains("ok");
        chromium.screenshot("success-paid");
    }

    @Test
    void aLeftCheckoutIsTriedAgainFromTheCancelPageAndPaid() {
        Api.Response checkout = api.post("/api/payments/create-checkout-session", Checkouts.of(product, 1));
        String firstSession = checkout.text("sessionId");
        WebDriver page = chromium.open(checkout.text("url"));
        page.findElement(By.linkText("Back")).click();

        chromium.awaitText(By.tagName("h1"), "not completed", 10);
        assertThat(page.getCurrentUrl()).contains("/checkout/cancel?attempt=");
        assertThat(page.findElement(By.cssSelector("h2")).getText()).contains(checkout.text("orderNumber"));
        chromium.screenshot("cancel");
        page.findElement(By.xpath("//button[normalize-space()='Try again']")).click();

        chromium.await(By.xpath("//button[normalize-space()='Pay']"));
        assertThat(page.getCurrentUrl()).startsWith(stripe.baseUrl()).doesNotContain(firstSession);
        page.findElement(By.xpath("//button[normalize-space()='Pay']")).click();

        chromium.awaitText(HEADLINE, "your order is paid", 20);
        assertThat(page.getCurrentUrl()).contains("/checkout/success?session_id=").doesNotContain(firstSession);
        assertThat(api.getAsAdmin("/api/admin/orders/" + checkout.text("orderId")).json().path("status").asString())
                .isEqualTo("paid");

        page.get(api.url("/checkout/cancel?session_id=") + firstSession);
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Your order is paid");
        assertThat(page.findElements(By.xpath("//button[normalize-space()='Cancel order']"))).isEmpty();
    }

    @Test
    void anOrderIsCanceledFromTheCancelPageAndItsStockReleased() {
        Api.Response checkout = api.post("/api/payments/create-checkout-session", Checkouts.of(product, 3));
        assertThat(Catalogs.stock(jdbc, product)[1]).isEqualTo(3);
        WebDriver page = chromium.open(api.url("/checkout/cancel?session_id=") + checkout.text("sessionId"));

        page.findElement(By.xpath("//button[normalize-space()='Cancel order']")).click();

        chromium.awaitText(By.tagName("h1"), "Your order is canceled", 10);
        assertThat(page.findElement(HEADLINE).getText()).isEqualTo("This order is canceled");
        assertThat(Catalogs.stock(jdbc, product)[1]).isZero();
        assertThat(page.findElements(By.xpath("//button[normalize-space()='Try again']"))).isEmpty();
    }

    @Test
    void anUnknownCheckoutIsAFriendlyNotFoundPage() {
        WebDriver page = chromium.open(api.url("/checkout/success?session_id=cs_test_unknown"));

        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("We could not find this order");
        assertThat(api.get("/checkout/success?session_id=cs_test_unknown").status()).isEqualTo(404);
        assertThat(api.get("/checkout/cancel?session_id=%3Cscript%3E").status()).isEqualTo(404);
        assertThat(api.get("/payment/success").status()).isEqualTo(404);
    }

}
