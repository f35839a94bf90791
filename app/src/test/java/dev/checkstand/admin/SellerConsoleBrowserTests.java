package dev.checkstand.admin;

import static dev.checkstand.support.Axe.assertNoViolations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.checkstand.common.Money;
import dev.checkstand.common.MoneyFormat;
import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.Browser;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Checkouts;
import dev.checkstand.support.Chromium;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The console's marketplace sellers in a real browser: an admin creates a seller with the form and sees it listed as
 * not onboarded, gets an onboarding link to send it, sees it able to take payments once Stripe's Connect event
 * arrives, changes its commission (a commission with three decimals refused, the input kept), gives it a product on
 * the product page, and finds the seller's share on the order page — fee, and the transfer once paid. Every page
 * passes axe; writes README's screenshots of the seller list and a seller.
 */
@CheckstandIntegrationTest
class SellerConsoleBrowserTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator stripe;

    @RegisterExtension
    final Chromium chromium = Chromium.perTest();

    @AfterEach
    void stripeAnswersAgain() {
        stripe.faults().reset();
    }

    @Test
    void anAdminOnboardsASellerGivesItAProductAndSeesItsShareOfAnOrder() throws Exception {
        String name = "Ada's Mugs " + UUID.randomUUID().toString().substring(0, 6);
        AdminOrderConsolePage order = AdminOrderConsolePage.signIn(chromium, api);
        SellersConsolePage list = SellersConsolePage.open(chromium);
        assertNoViolations(chromium.driver(), "the seller list");

        list.create(name, "ada@example.com", "12.5");

        SellerConsolePage seller = new SellerConsolePage(chromium);
        assertThat(seller.outcome()).startsWith("Created " + name + ".");
        list = seller.backToList();
        assertThat(list.status(name)).isEqualTo("Onboarding not finished");
        assertThat(list.row(name)).contains("ada@example.com", "12.5 %", "acct_");
        seller = list.openSeller(name);
        String account = seller.account("account");
        assertThat(account).startsWith("acct_");
        assertThat(seller.status()).isEqualTo("Onboarding not finished");
        assertThat(seller.account("charges")).isEqualTo("disabled");
        assertThat(seller.account("currentlyDue")).isNotEqualTo("nothing");
        assertNoViolations(chromium.driver(), "a seller not onboarded");

        seller.requestOnboardingLink();

        assertThat(seller.onboardingUrl()).startsWith(stripe.baseUrl());
        assertThat(seller.onboardingLabel()).startsWith("Onboarding link, valid until ").endsWith(" UTC");
        assertNoViolations(chromium.driver(), "a seller with its onboarding link");
        chromium.screenshot("admin-seller");

        stripe.completeOnboarding(account);

        SellerConsolePage onboarded = seller;
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(onboarded.reload().status()).isEqualTo("Can take payments"));
        assertThat(seller.account("payouts")).isEqualTo("enabled");
        assertThat(seller.account("currentlyDue")).isEqualTo("nothing");
        assertThat(seller.account("accountAsOf")).endsWith(" UTC");

        seller.edit("Commission (%)", "15.125");
        assertThat(seller.refusal()).contains("Commission: a percentage from 0 to 100 with at most two decimals");
        assertThat(seller.field("Commission (%)").getAttribute("value")).isEqualTo("15.125");
        assertNoViolations(chromium.driver(), "a seller's form refused");
        seller.edit("Commission (%)", "15");
        assertThat(seller.outcome()).startsWith("Saved.");
        assertThat(sellerJson(name).path("commissionBps").asInt()).isEqualTo(1500);
        list = seller.backToList();
        assertThat(list.status(name)).isEqualTo("Can take payments");
        assertThat(list.row(name)).contains("15 %");
        chromium.screenshot("admin-sellers");

        UUID product = Catalogs.product(jdbc, 2000, 5, Catalogs.MUG_VARIANT);
        ProductConsolePage productPage = ProductConsolePage.open(chromium, api.url("/admin/products/" + product));
        assertThat(productPage.seller()).isEqualTo("The shop itself");
        productPage.sellBy(name).save();
        assertThat(productPage.outcome()).isEqualTo("Saved.");
        assertThat(productPage.seller()).isEqualTo(name);
        assertNoViolations(chromium.driver(), "a seller's product");
        assertThat(api.getAsAdmin("/api/admin/products/" + product).text("sellerId"))
                .isEqualTo(sellerJson(name).path("id").asString());
        assertThat(productPage.sellerListed(product)).isEqualTo(name);
        assertNoViolations(chromium.driver(), "the products with their sellers");

        Api.Response checkout = api.post("/api/create-payment-intent", Checkouts.of(product, 2));
        assertThat(checkout.status()).isEqualTo(201);
        long total = checkout.json().path("amount").path("total").asLong();
        long fee = total * 1500 / 10_000;
        chromium.open(api.url("/admin/orders/" + checkout.text("orderId")));
        assertThat(order.seller("sellerName")).isEqualTo(name);
        assertThat(order.seller("commission")).isEqualTo("15 %");
        assertThat(order.seller("applicationFee")).isEqualTo(gbp(fee));
        assertThat(order.seller("transfer")).isEqualTo("not made yet");
        assertNoViolations(chromium.driver(), "a seller's unpaid order");

        new Browser(stripe.baseUrl(), stripe.publishableKey())
                .pay(checkout.text("paymentIntentId"), checkout.text("clientSecret"), "pm_card_visa");
        assertThat(api.post("/api/payments/confirm", Map.of("paymentIntentId", checkout.text("paymentIntentId")))
                .status()).isEqualTo(200);

        await().atMost(PATIENCE).untilAsserted(() -> {
            chromium.driver().navigate().refresh();
            assertThat(order.seller("transfer")).startsWith("tr_");
        });
        assertThat(order.seller("transferAmount")).isEqualTo(gbp(total - fee));
        assertThat(order.seller("transferReversed")).isEqualTo(gbp(0));
        assertThat(order.seller("applicationFeeRefunded")).isEqualTo(gbp(0));
        assertNoViolations(chromium.driver(), "a seller's paid order");
        order.openSeller();
        assertThat(new SellerConsolePage(chromium).status()).isEqualTo("Can take payments");
    }

    @Test
    void refusedFormsKeepTheInputStripeSilentIsSaidOnThePageAndAnUnknownSellerIsNotFound() {
        AdminOrderConsolePage.signIn(chromium, api);
        SellersConsolePage list = SellersConsolePage.open(chromium);
        int before = api.getAsAdmin("/api/admin/sellers").json().size();

        list.create(" ", "bea@example.com", "101");

        assertThat(list.refusal()).contains("Name: must not be blank", "Commission: a percentage from 0 to 100");
        assertThat(list.field("commission")).isEqualTo("101");
        assertThat(list.field("email")).isEqualTo("bea@example.com");
        assertNoViolations(chromium.driver(), "the seller list with a refusal");
        assertThat(api.getAsAdmin("/api/admin/sellers").json().size()).isEqualTo(before);

        String name = "Bea's Prints " + UUID.randomUUID().toString().substring(0, 6);
        list.create(name, "bea@example.com", "7.25");
        SellerConsolePage seller = new SellerConsolePage(chromium);
        assertThat(seller.status()).isEqualTo("Onboarding not finished");
        stripe.faults().answerLost("POST /v1/account_links", 3);

        seller.requestOnboardingLink();

        assertThat(seller.refusal()).contains("Stripe did not answer", "try again");
        assertThat(seller.offersOnboardingUrl()).isFalse();
        assertNoViolations(chromium.driver(), "a seller whose onboarding link Stripe did not make");
        stripe.faults().reset();
        seller.requestOnboardingLink();
        assertThat(seller.onboardingUrl()).startsWith(stripe.baseUrl());

        chromium.open(api.url("/admin/sellers/" + UUID.randomUUID()));
        assertThat(chromium.awaitText(By.tagName("h1"), "Not found", 10)).isEqualTo("Not found");
        assertThat(chromium.driver().findElement(By.tagName("main")).getText()).contains("No seller");
        chromium.open(api.url("/admin/sellers/not-a-seller"));
        assertThat(chromium.awaitText(By.tagName("h1"), "Not found", 10)).isEqualTo("Not found");
    }

    private JsonNode sellerJson(String name) {
        for (JsonNode seller : api.getAsAdmin("/api/admin/sellers").json()) {
            if (seller.path("name").asString().equals(name)) {
                return seller;
            }
        }
        throw new AssertionError("no seller " + name);
    }

    private static String gbp(long minorUnits) {
        return MoneyFormat.format(Money.of(minorUnits, "gbp"));
    }
}
