package dev.checkstand.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.Api;
import dev.checkstand.support.Catalogs;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Chromium;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The demo shop's checkout asks for the shipping quote before paying: it shows the method, the amount, the estimated
 * delivery and the total for the chosen country, a different one for another zone, and the API's refusal next to the
 * country when no rule covers it — "Pay" waits for another country; the order is then charged the total it showed.
 * Yen are shown without decimals.
 */
@CheckstandIntegrationTest
class ShippingQuoteBrowserTests {

    private static final By HEADLINE = By.cssSelector("[data-live=title]");

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @RegisterExtension
    final Chromium chromium = Chromium.perTest();

    @AfterEach
    void backToTheDefaultRule() {
        assertThat(api.putAsAdmin("/api/admin/shipping", Map.of("rules", List.of())).status()).isEqualTo(200);
    }

    @Test
    void theCustomerSeesShippingPerCountryCannotPayWhereNoRuleShipsAndIsChargedTheTotalShown() {
        putRules(rule("gbp", "UK", List.of("GB"), 399, "Royal Mail Tracked", 1, 2),
                rule("gbp", "Europe", List.of("FR", "DE", "IE", "NL"), 899, "Europe Tracked", 3, 6));
        UUID product = Catalogs.product(jdbc, 1250, 20);
        ShopPage shop = ShopPage.open(chromium, api).addToCart(product, 2);

        assertThat(shop.quoteSaying("£3.99")).contains("Royal Mail Tracked", "1–2 days", "£28.99");
        shop.chooseCountry("France");
        assertThat(shop.quoteSaying("£8.99")).contains("Europe Tracked", "3–6 days", "£33.99");
        chromium.screenshot("storefront-shipping");

        shop.chooseCountry("United States");
        assertThat(shop.quoteSaying("cannot ship")).contains("United States");
        assertThat(shop.countryNote()).isEqualTo("the shop does not ship to US for orders in GBP");
        assertThat(shop.country().getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(shop.payButton().isEnabled()).isFalse();

        shop.chooseCountry("France");
        shop.quoteSaying("£8.99");
        String total = shop.total();
        assertThat(total).isEqualTo("£33.99");
        assertThat(shop.payButton().isEnabled()).isTrue();
        assertThat(shop.countryNote()).isEmpty();
        assertThat(shop.country().getAttribute("aria-invalid")).isNull();
        shop.fillAddress("Fleur Europe").payByCard("4242 4242 4242 4242");

        chromium.awaitText(HEADLINE, "your order is paid", 30);
        assertThat(chromium.driver().findElement(By.cssSelector("table.lines")).getText()).contains("£8.99", total);
        assertThat(jdbc.sql("""
                select o.shipping, o.total, o.amount_paid from orders o join order_items i on i.order_id = o.id
                 where i.product_id = :product""").param("product", product)
                .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).single())
                .containsExactly(899L, 3399L, 3399L);
    }

    @Test
    void aYenCartIsQuotedInWholeYen() {
        putRules(rule("jpy", "Japan", List.of("JP"), 800, "Japan Post", null, null));
        UUID product = Catalogs.product(jdbc, 1500, 5, Catalogs.MUG_VARIANT, "jpy");
        ShopPage shop = ShopPage.open(chromium, api).addToCart(product, 1);

        shop.chooseCountry("Japan");

        String quote = shop.quoteSaying("Japan Post");
        assertThat(quote).contains("¥800", "¥2,300").doesNotContain("Estimated delivery").doesNotContainPattern(
                "¥[0-9,]+\\.");
        assertThat(shop.payButton().isEnabled()).isTrue();
    }

    private void putRules(Map<?, ?>... rules) {
        Api.Response stored = api.putAsAdmin("/api/admin/shipping", Map.of("rules", List.of(rules)));
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
    }

    private static Map<String, Object> rule(String currency, String zone, List<String> countries, long amount,
            String methodName, Integer minDays, Integer maxDays) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("currency", currency);
        rule.put("zone", zone);
        rule.put("countries", countries);
        rule.put("kind", "flat");
        rule.put("amount", amount);
        rule.put("methodName", methodName);
        rule.put("minDays", minDays);
        rule.put("maxDays", maxDays);
        return rule;
    }
}
