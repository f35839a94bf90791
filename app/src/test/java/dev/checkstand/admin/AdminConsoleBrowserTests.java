package dev.checkstand.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Chromium;
import dev.checkstand.support.TestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The admin console in a real browser: an admin signs in with the form, finds an order, refunds part of it twice —
 * the second time with a double click, which refunds once —, syncs it with Stripe, and replays the webhook that paid
 * it (which pays nothing twice). Writes README's screenshots.
 */
@CheckstandIntegrationTest
class AdminConsoleBrowserTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator stripe;

    @RegisterExtension
    final Chromium chromium = Chromium.perTest();

    @Test
    void anAdminSignsInFindsAnOrderRefundsPartTwiceSyncsAndReplaysItsWebhook() throws Exception {
        UUID product = Catalogs.product(jdbc, 1250, 20);
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, 2));
        new Browser(stripe.baseUrl(), stripe.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        assertThat(api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")))
                .json().path("success").asBoolean()).isTrue();
        String number = checkout.text("orderNumber");

        WebDriver page = chromium.open(api.url("/admin/orders"));
        assertThat(page.getCurrentUrl()).endsWith("/admin/login");
        signIn(page, "admin", "not-the-password");
        chromium.awaitText(By.cssSelector("[role=alert]"), "not right", 10);
        signIn(page, "admin", TestSupport.ADMIN_PASSWORD);

        chromium.awaitText(By.tagName("h1"), "Orders", 10);
        page.findElement(By.id("q")).sendKeys(number);
        page.findElement(By.xpath("//button[normalize-space()='Filter']")).click();
        chromium.awaitText(By.cssSelector("table.lines tbody"), number, 10);
        assertThat(page.findElements(By.cssSelector("table.lines tbody tr"))).hasSize(1);
        chromium.screenshot("admin-orders");
        page.findElement(By.linkText(number)).click();

        chromium.awaitText(By.tagName("h1"), number, 10);
        assertThat(page.findElement(By.tagName("main")).getText()).contains("£29.99", checkout.text("paymentIntentId"),
                "Timeline", "paid");
        WebElement restock = page.findElement(By.id("restock-0"));
        restock.clear();
        restock.sendKeys("1");
        refund(page, "5.00", false);
        chromium.awaitText(By.cssSelector("[role=status]"), "Refund of £5.00 requested", 10);
        assertThat(Catalogs.stock(jdbc, product)).as("one of the two sold is back on hand").containsExactly(19, 0);
        refund(page, "2.50", true);
        // The double click sent the form twice and the browser shows whichever answer came last: wait until it shows
        // one of the two answers and Stripe answered the one refund, then look at the order afresh (a new navigation
        // ends any the double click left pending).
        await().ignoreExceptions().atMost(Duration.ofSeconds(15)).until(() -> {
            String shown = page.findElements(By.cssSelector("[role=status]")).stream().map(WebElement::getText)
                    .findFirst().orElse("");
            return (shown.contains("Refund of £2.50 requested") || shown.contains("sent before"))
                    && jdbc.sql("select count(*) from refunds where order_id = :id and stripe_refund_id is not null")
                    .param("id", UUID.fromString(checkout.text("orderId"))).query(Long.class).single() == 2;
        });
        page.get(page.getCurrentUrl());
        // Only now: the answer to the second of the two posts may have been drawn while the first was still with
        // Stripe, and shows the order as it was then.
        chromium.awaitText(By.cssSelector("[data-field=refunded]"), "£7.50", 10);
        page.findElement(By.xpath("//button[normalize-space()='Sync with Stripe']")).click();
        chromium.awaitText(By.cssSelector("[role=status]"), "Synced with Stripe", 10);
        chromium.screenshot("admin-order");
        assertThat(page.findElements(By.cssSelector("tr.refund-row"))).hasSize(2);
        assertThat(page.findElement(By.cssSelector("[data-field=paymentStatus]")).getText())
                .isEqualTo("partially refunded");

        page.findElement(By.linkText("Webhook events")).click();
        page.findElement(By.id("type")).sendKeys("payment_intent.succeeded");
        page.findElement(By.xpath("//button[normalize-space()='Filter']")).click();
        chromium.awaitText(By.cssSelector("table.lines tbody"), checkout.text("paymentIntentId"), 15);
        page.findElement(By.xpath("//tr[.//code[text()='" + checkout.text("paymentIntentId") + "']]//a")).click();
        assertThat(chromium.await(By.cssSelector("pre.payload")).getText()).contains("\"amount_received\" : 2999");
        page.findElement(By.xpath("//button[normalize-space()='Replay']")).click();
        chromium.awaitText(By.cssSelector("[role=status]"), "Replayed: the event is processed", 15);
        assertThat(jdbc.sql("select count(*) from order_timeline where order_id = :id and type = 'paid'")
                .param("id", UUID.fromString(checkout.text("orderId"))).query(Long.class).single()).isEqualTo(1);

        List<Long> amounts = jdbc.sql("select amount from refunds where order_id = :id order by created_at")
                .param("id", UUID.fromString(checkout.text("orderId"))).query(Long.class).list();
        assertThat(amounts).containsExactly(500L, 250L);

    }

    @Test
    void aRefundTheOrderCannotTakeIsShownOnThePageNotAsAnError() throws Exception {
        UUID product = Catalogs.product(jdbc, 1000, 5);
        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, 1));
        new Browser(stripe.baseUrl(), stripe.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")));
        WebDriver page = chromium.open(api.url("/admin/login"));
        signIn(page, "admin", TestSupport.ADMIN_PASSWORD);
        page.get(api.url("/admin/orders/") + checkout.text("orderId"));

        refund(page, "999.00", false);
        assertThat(chromium.awaitText(By.cssSelector("[role=alert]"), "refundable", 10)).contains("£14.99");
        refund(page, "1.234", false);
        chromium.awaitText(By.cssSelector("[role=alert]"), "not an amount in GBP", 10);

        page.get(api.url("/admin/orders/") + UUID.randomUUID());
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        assertThat(jdbc.sql("select count(*) from refunds where order_id = :id")
                .param("id", UUID.fromString(checkout.text("orderId"))).query(Long.class).single()).isZero();
    }

    @Test
    void anAdminCreatesAProductRefusesStockBelowWhatIsHeldAndGivesItAVariantThatReleasesItsBlockedOrder()
            throws Exception {
        WebDriver page = chromium.open(api.url("/admin/login"));
        signIn(page, "admin", TestSupport.ADMIN_PASSWORD);
        page.get(api.url("/admin/products"));
        String sku = "CONSOLE-" + UUID.randomUUID().toString().substring(0, 8);
        page.findElement(By.id("sku")).sendKeys(sku);
        page.findElement(By.id("name")).sendKeys("Console poster");
        page.findElement(By.id("price")).sendKeys("9.99");
        WebElement onHand = page.findElement(By.id("onHand"));
        onHand.clear();
        onHand.sendKeys("5");
        chromium.click(page.findElement(By.xpath("//button[normalize-space()='Create']")));
        chromium.awaitText(By.cssSelector("[role=status]"), "Created " + sku, 10);
        UUID product = UUID.fromString(page.getCurrentUrl().substring(page.getCurrentUrl().lastIndexOf('/') + 1));

        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, 3));
        new Browser(stripe.baseUrl(), stripe.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")));
        await().atMost(Duration.ofSeconds(20)).until(() -> api.getAsAdmin(
                "/api/admin/orders/" + checkout.text("orderId")).json().path("fulfillmentStatus").asString()
                .equals("blocked"));

        Api.Response holding = api.post("/api/create-payment-intent", Checkouts.of(product, 2));
        assertThat(holding.status()).isEqualTo(201);
        page.navigate().refresh();
        WebElement stock = chromium.await(By.id("onHand"));
        stock.clear();
        stock.sendKeys("1");
        chromium.click(page.findElement(By.xpath("//button[normalize-space()='Set on hand']")));
        assertThat(chromium.awaitText(By.cssSelector("[role=alert]"), "Stock below reserved", 10)).isNotBlank();

        WebElement variant = page.findElement(By.id("printfulVariantId"));
        variant.sendKeys(Catalogs.MUG_VARIANT);
        chromium.click(page.findElement(By.xpath("//button[normalize-space()='Save']")));
        chromium.awaitText(By.cssSelector("[role=status]"), "Saved", 10);
        chromium.screenshot("admin-product");

        await().atMost(Duration.ofSeconds(20)).until(() -> api.getAsAdmin(
                "/api/admin/orders/" + checkout.text("orderId")).json().path("fulfillmentStatus").asString()
                .equals("submitted"));
        assertThat(Catalogs.stock(jdbc, product)).containsExactly(2, 2);
    }

    @Test
    void theReconciliationPageShowsTheAuditAndSyncsOnRequest() {
        WebDriver page = chromium.open(api.url("/admin/login"));
        signIn(page, "admin", TestSupport.ADMIN_PASSWORD);
        chromium.click(chromium.await(By.linkText("Reconciliation")));

        chromium.awaitText(By.tagName("h2"), "Local state against Stripe", 30);
        chromium.click(page.findElement(By.xpath("//button[normalize-space()='Sync now']")));

        assertThat(chromium.awaitText(By.cssSelector("[role=status]"), "Synced:", 30)).contains("list calls",
                "pending orders re-read");
    }

    @Test
    void theConsoleNeedsASignInAndItsFormsACsrfToken() {
        Api.Response anonymous = api.get("/admin/orders");
        Api.Response forged = api.postRaw("/admin/orders/" + UUID.randomUUID() + "/sync", "",
                Map.of("Authorization", api.adminAuthorization(), "Content-Type", "application/x-www-form-urlencoded"));

        assertThat(anonymous.status()).isEqualTo(302);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(api.getAsAdmin("/api/admin/orders").status()).isEqualTo(200);
    }

    private static void signIn(WebDriver page, String user, String password) {
        page.findElement(By.id("username")).clear();
        page.findElement(By.id("username")).sendKeys(user);
        page.findElement(By.id("password")).sendKeys(password);
        page.findElement(By.xpath("//button[normalize-space()='Sign in']")).click();
    }

    private void refund(WebDriver page, String amount, boolean doubleClick) {
        WebElement field = chromium.await(By.id("amount"));
        field.clear();
        field.sendKeys(amount);
        WebElement button = page.findElement(By.xpath("//form[contains(@class,'refund-form')]//button"));
        if (doubleClick) {
            new Actions(page).doubleClick(button).perform();
        } else {
            chromium.click(button);
        }
    }

}
