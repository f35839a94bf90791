package dev.checkstand.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.Api;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.Chromium;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Dimension;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The console's shipping page in a real browser: the admin sees the default rule said as such, adds a yen rule for
 * Japan beside it and sees both in force, removes one; a duplicated country and a negative amount are refused at
 * their row and field with the admin's input kept, and nothing changes. Writes README's screenshots of the page.
 */
@CheckstandIntegrationTest
class ShippingConsoleBrowserTests {

    @Autowired
    Api api;

    @RegisterExtension
    final Chromium chromium = Chromium.perTest();

    @AfterEach
    void backToTheDefaultRule() {
        assertThat(api.putAsAdmin("/api/admin/shipping", Map.of("rules", List.of())).status()).isEqualTo(200);
    }

    @Test
    void anAdminAddsAYenRuleForJapanBesideTheDefaultRuleSeesBothInForceThenRemovesTheDefaultOne() {
        ShippingConsolePage page = ShippingConsolePage.signInAndOpen(chromium, api);
        assertThat(page.inForce()).contains("The default rule applies", "GBP", "£4.99 (499)");
        assertThat(page.field(1, "currency").getAttribute("value")).isEqualTo("gbp");

        page.type(2, "currency", "JPY").type(2, "zone", "Japan").type(2, "countries", "jp")
                .type(2, "amount in minor units", "800").type(2, "free above, in minor units", "10000")
                .type(2, "method name", "Japan Post").type(2, "delivery from, days", "3")
                .type(2, "delivery to, days", "6");
        int added = page.addRow();
        assertThat(chromium.driver().switchTo().activeElement()).isEqualTo(page.field(added, "currency"));
        page.save();

        assertThat(page.outcome()).isEqualTo("Saved: 2 rules in force.");
        assertThat(page.inForce()).doesNotContain("The default rule applies")
                .contains("JPY", "Japan", "JP", "¥800 (800)", "¥10,000 (10000)", "Japan Post", "STANDARD", "3–6 days");
        chromium.screenshot("admin-shipping");
        JsonNode stored = api.getAsAdmin("/api/admin/shipping").json();
        assertThat(stored.path("configured").asBoolean()).isTrue();
        assertThat(stored.path("rules")).hasSize(2);
        JsonNode yen = stored.path("rules").get(1);
        assertThat(List.of(yen.path("currency").asString(), yen.path("countries").get(0).asString(),
                yen.path("kind").asString(), yen.path("method").asString())).containsExactly("jpy", "JP", "flat",
                "STANDARD");
        assertThat(List.of(yen.path("amount").asLong(), yen.path("freeAbove").asLong(), yen.path("minDays").asLong(),
                yen.path("maxDays").asLong())).containsExactly(800L, 10000L, 3L, 6L);

        page.remove(1).save();

        assertThat(page.outcome()).isEqualTo("Saved: 1 rule in force.");
        assertThat(page.inForce()).contains("JPY").doesNotContain("GBP");
        assertThat(api.getAsAdmin("/api/admin/shipping").json().path("rules").valueStream()
                .map(r -> r.path("currency").asString()).toList()).containsExactly("jpy");
    }

    @Test
    void aDuplicatedCountryAndANegativeAmountAreRefusedAtTheirRowWithTheInputKeptAndNothingChanges() {
        api.putAsAdmin("/api/admin/shipping", Map.of("rules", List.of(
                rule("UK", List.of("GB"), 399), rule("Rest of the world", List.of("*"), 999))));
        JsonNode before = api.getAsAdmin("/api/admin/shipping").json();
        ShippingConsolePage page = ShippingConsolePage.signInAndOpen(chromium, api);

        page.type(3, "currency", "gbp").type(3, "zone", "UK again").type(3, "countries", "FR, GB")
                .type(3, "amount in minor units", "-5");
        page.save();

        assertThat(page.refusal()).contains("Not saved: 2 fields are refused", "Nothing changed");
        assertThat(page.refusedFields()).containsExactlyInAnyOrder(
                "Rule 3, countries: GB is already named for gbp by rule 1",
                "Rule 3, amount: must be 0 to 99999999 minor units");
        assertThat(page.errorOf(page.field(3, "countries"))).isEqualTo("GB is already named for gbp by rule 1");
        assertThat(page.errorOf(page.field(3, "amount in minor units"))).contains("must be 0 to");
        assertThat(page.field(3, "zone").getAttribute("value")).isEqualTo("UK again");
        assertThat(page.field(3, "countries").getAttribute("value")).isEqualTo("FR, GB");
        assertThat(page.field(3, "amount in minor units").getAttribute("value")).isEqualTo("-5");
        assertThat(page.field(1, "zone").getAttribute("aria-invalid")).isNull();
        chromium.driver().manage().window().setSize(new Dimension(1280, 1500));
        chromium.screenshot("admin-shipping-refused");
        assertThat(api.getAsAdmin("/api/admin/shipping").json()).isEqualTo(before);

        chromium.open(api.url("/admin/shipping"));
        assertThat(page.refusedFields()).isEmpty();
        assertThat(page.field(3, "zone").getAttribute("value")).as("a fresh look shows the rules in force").isEmpty();
    }

    private static Map<String, Object> rule(String zone, List<String> countries, long amount) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("currency", "gbp");
        rule.put("zone", zone);
        rule.put("countries", countries);
        rule.put("kind", "flat");
        rule.put("amount", amount);
        return rule;
    }
}
