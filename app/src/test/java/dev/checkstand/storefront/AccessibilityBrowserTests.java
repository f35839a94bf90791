package dev.checkstand.storefront;

import static dev.checkstand.support.Axe.assertNoViolations;
import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Axe;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Chromium;
import dev.checkstand.support.TestSupport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every page people use, checked by axe-core's rules (WCAG 2.1 A and AA) in a real browser: no violation at all, at
 * desktop and at phone width. Also writes the phone-width screenshots README shows.
 */
@CheckstandIntegrationTest
class AccessibilityBrowserTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator stripe;

    @RegisterExtension
    final Chromium chromium = Chromium.perTest();

    @AfterEach
    void backToTheDefaultShippingRule() {
        assertThat(api.putAsAdmin("/api/admin/shipping", Map.of("rules", List.of())).status()).isEqualTo(200);
    }

    @Test
    void theCustomerPagesPassAxeAtDesktopAndPhoneWidth() throws Exception {
        UUID product = Catalogs.product(jdbc, 1250, 20);
        Api.Response paid = api.post("/api/create-payment-intent", Checkouts.of(product, 1));
        new Browser(stripe.baseUrl(), stripe.publishableKey())
                .pay(paid.text("paymentIntentId"), paid.text("clientSecret"), "pm_card_visa");
        api.post("/api/payments/confirm", Map.of("paymentIntentId", paid.text("paymentIntentId")));
        Api.Response left = api.post("/api/payments/create-checkout-session", Checkouts.of(product, 1));

        for (boolean phone : List.of(false, true)) {
            if (phone) {
                chromium.phoneWidth();
            }
            WebDriver page = chromium.open(api.url("/"));
            chromium.click(chromium.await(By.cssSelector("[data-product-id='" + product + "'] button.add")));
            chromium.await(By.id("email"));
            assertNoViolations(page, "shop");
            if (phone) {
                chromium.screenshot("storefront-phone");
            }
            page.get(api.url("/payment/success?payment_intent=") + paid.text("paymentIntentId"));
            chromium.awaitText(By.cssSelector("[data-live=title]"), "paid", 20);
            assertNoViolations(page, "success");
            if (phone) {
                chromium.screenshot("success-phone");
            }
            page.get(api.url("/checkout/cancel?session_id=") + left.text("sessionId"));
            assertNoViolations(page, "cancel");
            page.get(api.url("/checkout/success?session_id=cs_unknown"));
            assertNoViolations(page, "not found");
        }
    }

    @Test
    void theAdminConsolePassesAxe() throws Exception {
        UUID product = Catalogs.product(jdbc, 1000, 5);
        Api.Response paid = api.post("/api/create-payment-intent", Checkouts.of(product, 1));
        new Browser(stripe.baseUrl(), stripe.publishableKey())
                .pay(paid.text("paymentIntentId"), paid.text("clientSecret"), "pm_card_visa");
        api.post("/api/payments/confirm", Map.of("paymentIntentId", paid.text("paymentIntentId")));
        Api.Response seller = api.postAsAdmin("/api/admin/sellers", Map.of("name", "Axe's Mugs", "commissionBps", 1000));
        assertThat(seller.status()).isEqualTo(201);

        WebDriver page = chromium.open(api.url("/admin/login"));
        assertNoViolations(page, "login");
        page.findElement(By.id("username")).sendKeys("admin");
        page.findElement(By.id("password")).sendKeys(TestSupport.ADMIN_PASSWORD);
        chromium.click(page.findElement(By.xpath("//button[normalize-space()='Sign in']")));
        chromium.awaitText(By.tagName("h1"), "Orders", 10);
        assertNoViolations(page, "orders");
        for (String path : List.of("/admin/orders/" + paid.text("orderId"), "/admin/webhook-events",
                "/admin/products", "/admin/products/" + product, "/admin/sellers", "/admin/sellers/" + seller.text("id"),
                "/admin/reconciliation", "/admin/shipping")) {
            page.get(api.url(path));
            chromium.await(By.tagName("h1"));
            assertNoViolations(page, path);
        }
    }

    @Test
    void theShippingPagesPassAxeWithTheirRefusalsShown() {
        Map<String, Object> uk = new LinkedHashMap<>();
        uk.put("currency", "gbp");
        uk.put("zone", "UK");
        uk.put("countries", List.of("GB"));
        uk.put("kind", "flat");
        uk.put("amount", 399);
        uk.put("minDays", 1);
        uk.put("maxDays", 3);
        assertThat(api.putAsAdmin("/api/admin/shipping", Map.of("rules", List.of(uk))).status()).isEqualTo(200);
        UUID product = Catalogs.product(jdbc, 1250, 20);

        WebDriver page = chromium.open(api.url("/"));
        chromium.click(chromium.await(By.cssSelector("[data-product-id='" + product + "'] button.add")));
        chromium.awaitText(By.cssSelector("[data-quote=region]"), "£3.99", 10);
        assertNoViolations(page, "shop with a shipping quote");
        new Select(page.findElement(By.id("country"))).selectByVisibleText("Japan");
        chromium.awaitText(By.cssSelector("[data-quote=region]"), "cannot ship", 10);
        assertNoViolations(page, "shop with shipping refused");

        page.get(api.url("/admin/login"));
        page.findElement(By.id("username")).sendKeys("admin");
        page.findElement(By.id("password")).sendKeys(TestSupport.ADMIN_PASSWORD);
        chromium.click(page.findElement(By.xpath("//button[normalize-space()='Sign in']")));
        chromium.awaitText(By.tagName("h1"), "Orders", 10);
        page.get(api.url("/admin/shipping"));
        page.findElement(By.id("rule-1-countries")).sendKeys("GB");
        page.findElement(By.id("rule-1-amount")).sendKeys("lots");
        chromium.click(page.findElement(By.xpath("//button[normalize-space()='Save rules']")));
        chromium.awaitText(By.cssSelector("[role=alert]"), "Not saved", 10);
        assertNoViolations(page, "shipping page with refusals");
        chromium.phoneWidth();
        assertNoViolations(page, "shipping page with refusals at phone width");
    }

    @Test
    void theCheckFindsWhatItLooksFor() {
        WebDriver page = chromium.open(api.url("/"));
        ((org.openqa.selenium.JavascriptExecutor) page).executeScript(
                "var img = document.createElement('img'); img.src = '/none.png'; document.querySelector('main').appendChild(img);"
                        + "var input = document.createElement('input'); document.querySelector('main').appendChild(input);");

        Results results = new AxeBuilder().withTags(Axe.WCAG).analyze(page);

        assertThat(results.getPasses()).isNotEmpty();
        assertThat(results.getViolations()).extracting(Rule::getId).contains("image-alt", "label");
    }

}
