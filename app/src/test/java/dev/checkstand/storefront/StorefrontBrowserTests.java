package dev.checkstand.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Chromium;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The demo storefront in a real browser: a customer fills a cart and pays by card on the page (the simulator's
 * Stripe.js stand-in) — a declined card first, then a good one, one order either way — or on Stripe's hosted page,
 * and lands on the success page, which turns paid.
 */
@CheckstandIntegrationTest
class StorefrontBrowserTests {

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
    void aDeclinedCardThenAGoodOneOnThePagePaysOneOrder() {
        WebDriver page = chromium.open(api.url("/"));
        addToCart(page, 2);
        chromium.screenshot("storefront");
        fillAddress(page, "Bob Buyer");

        typeCard(page, "4000 0000 0000 0002");
        chromium.click(page.findElement(By.cssSelector("[data-checkout=submit]")));
        assertThat(chromium.awaitText(By.cssSelector("[data-checkout=error]"), "declined", 20)).isNotBlank();

        stripe.faults().webhookDropRate(1.0);
        typeCard(page, "4242 4242 4242 4242");
        chromium.click(page.findElement(By.cssSelector("[data-checkout=submit]")));

        // Stripe's webhook is lost: the page shows the order at once, waiting, and turns paid by itself (it asks the
        // service to check with Stripe, and the outcome comes through the live stream).
        chromium.awaitText(HEADLINE, "Confirming your payment", 20);
        chromium.awaitText(HEADLINE, "your order is paid", 30);
        assertThat(page.getCurrentUrl()).contains("/payment/success?payment_intent=pi_");
        assertThat(page.findElement(By.cssSelector("table.lines")).getText()).contains("£25.00", "£29.99");
        assertThat(jdbc.sql("""
                select count(*) from orders o join order_items i on i.order_id = o.id
                 where i.product_id = :product and o.status = 'paid'""").param("product", product)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from order_items where product_id = :product").param("product", product)
                .query(Long.class).single()).as("the declined try and the paid one are one order").isEqualTo(1);
    }

    @Test
    void aCardThatNeedsThreeDSecureIsChallengedOnThePageAndAFailedChallengeCanBeRetried() {
        WebDriver page = chromium.open(api.url("/"));
        addToCart(page, 1);
        fillAddress(page, "Tess Secure");
        typeCard(page, "4000 0025 0000 3155");
        chromium.click(page.findElement(By.cssSelector("[data-checkout=submit]")));

        chromium.click(chromium.await(By.xpath("//button[normalize-space()='Fail authentication']")));
        chromium.awaitText(By.cssSelector("[data-checkout=error]"), "authenticat", 20);

        chromium.click(page.findElement(By.cssSelector("[data-checkout=submit]")));
        chromium.click(chromium.await(By.xpath("//button[normalize-space()='Complete authentication']")));

        chromium.awaitText(HEADLINE, "your order is paid", 30);
        assertThat(jdbc.sql("select count(*) from order_items where product_id = :product").param("product", product)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void payingOnStripesPageLandsOnTheSuccessPage() {
        WebDriver page = chromium.open(api.url("/"));
        addToCart(page, 1);
        fillAddress(page, "Cara Checkout");
        chromium.click(page.findElement(By.cssSelector("input[name=payWith][value=checkout]")));
        chromium.click(page.findElement(By.cssSelector("[data-checkout=submit]")));

        chromium.await(By.xpath("//button[normalize-space()='Pay']")).click();

        chromium.awaitText(HEADLINE, "your order is paid", 30);
        assertThat(page.getCurrentUrl()).contains("/checkout/success?session_id=cs_");
    }

    @Test
    void theApisFieldErrorsAreShownNextToTheirFields() {
        WebDriver page = chromium.open(api.url("/"));
        addToCart(page, 1);
        fillAddress(page, "Dan Details");
        WebElement email = page.findElement(By.id("email"));
        email.clear();
        email.sendKeys("not-an-email");
        chromium.click(page.findElement(By.cssSelector("input[name=payWith][value=checkout]")));

        chromium.click(page.findElement(By.cssSelector("[data-checkout=submit]")));

        chromium.await(By.cssSelector(".field-error"));
        assertThat(email.getAttribute("aria-invalid")).isEqualTo("true");
        String describedBy = email.getAttribute("aria-describedby");
        assertThat(page.findElement(By.id(describedBy)).getText()).isNotBlank();
        assertThat(page.getCurrentUrl()).isEqualTo(api.url("/"));
    }

    private void addToCart(WebDriver page, int quantity) {
        WebElement shelf = chromium.await(By.cssSelector("[data-product-id='" + product + "']"));
        assertThat(shelf.getText()).contains("£12.50", "20 in stock");
        for (int i = 0; i < quantity; i++) {
            chromium.click(shelf.findElement(By.cssSelector("button.add")));
        }
        chromium.awaitText(By.cssSelector("[data-cart=lines]"), quantity + " × Test product", 5);
    }

    private static void fillAddress(WebDriver page, String name) {
        page.findElement(By.id("email")).sendKeys("buyer@example.com");
        page.findElement(By.id("name")).sendKeys(name);
        page.findElement(By.id("line1")).sendKeys("1 High Street");
        page.findElement(By.id("city")).sendKeys("London");
        page.findElement(By.id("postalCode")).sendKeys("N1 9GU");
    }

    private void typeCard(WebDriver page, String number) {
        WebElement cardNumber = chromium.await(By.cssSelector("#card-element input[name=cardnumber]"));
        cardNumber.clear();
        cardNumber.sendKeys(number);
        WebElement expiry = page.findElement(By.cssSelector("#card-element input[name=exp-date]"));
        expiry.clear();
        expiry.sendKeys("12 / 34");
        WebElement cvc = page.findElement(By.cssSelector("#card-element input[name=cvc]"));
        cvc.clear();
        cvc.sendKeys("123");
    }

}
