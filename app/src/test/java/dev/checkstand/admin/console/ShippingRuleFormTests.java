package dev.checkstand.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.common.InvalidRequest.FieldError;
import dev.checkstand.shipping.ShippingRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipping page's form: rows read in their order, empty and removed ones dropped, refusals placed at their row. */
class ShippingRuleFormTests {

    @Test
    void rowsAreReadInNumericOrderWithoutEmptyAndRemovedRows() {
        Map<String, String> form = new HashMap<>();
        row(form, 10, "jpy", "Japan", "jp", "800");
        row(form, 2, "GBP", "UK", "gb ie", "399");
        row(form, 3, "eur", "Gone", "FR", "100");
        form.put("rules[3].remove", "yes");
        row(form, 4, "", "", "", "");
        form.put("rules[4].kind", "printful");
        form.put("_csrf", "token");

        List<ShippingRuleForm.Row> rows = ShippingRuleForm.read(form);
        List<FieldError> errors = new ArrayList<>();
        List<ShippingRule> rules = ShippingRuleForm.rules(rows, errors);

        assertThat(errors).isEmpty();
        assertThat(rules).extracting(ShippingRule::zone).containsExactly("UK", "Japan");
        assertThat(rules.get(0).currency()).isEqualTo("gbp");
        assertThat(rules.get(0).countries()).containsExactly("GB", "IE");
        assertThat(rules.get(0).method()).isEqualTo("STANDARD");
        assertThat(rules.get(0).methodName()).isEqualTo("Standard shipping");
        assertThat(rules.get(1).amount()).isEqualTo(800);
    }

    @Test
    void textThatIsNoNumberIsRefusedUnderTheApisFieldNames() {
        Map<String, String> form = new HashMap<>();
        row(form, 0, "gbp", "UK", "GB", "lots");
        form.put("rules[0].maxDays", "soon");
        row(form, 1, "gbp", "EU", "FR", "");

        List<FieldError> errors = new ArrayList<>();
        ShippingRuleForm.rules(ShippingRuleForm.read(form), errors);

        assertThat(errors).extracting(FieldError::field)
                .containsExactly("rules[0].amount", "rules[0].maxDays", "rules[1].amount");
    }

    @Test
    void refusalsAreShownAtTheirRowNumberedFromOneWithTheCountryTheyConcern() {
        Map<String, String> form = new HashMap<>();
        row(form, 0, "gbp", "UK", "GB", "399");
        row(form, 1, "gbp", "Again", "FR, XX", "-1");
        List<ShippingRuleForm.Row> rows = ShippingRuleForm.read(form);

        ShippingRuleForm refused = ShippingRuleForm.refused(rows, List.of(
                new FieldError("rules[1].countries[1]", "must be an upper-case ISO 3166-1 alpha-2 code"),
                new FieldError("rules[1].minDays", "minDays and maxDays must be 0 to 365 days"),
                new FieldError("rules[1].countries[0]", "FR is already named for gbp by rules[0]"),
                new FieldError("rules", "at most 200 rules")));

        assertThat(refused.error(1, "countries")).isEqualTo(
                "XX: must be an upper-case ISO 3166-1 alpha-2 code; FR is already named for gbp by rule 1");
        assertThat(refused.error(1, "days")).contains("365");
        assertThat(refused.error(0, "countries")).isNull();
        assertThat(refused.refusals()).extracting(ShippingRuleForm.Refusal::text).containsExactly(
                "Rule 2, countries: XX: must be an upper-case ISO 3166-1 alpha-2 code",
                "Rule 2, delivery days: minDays and maxDays must be 0 to 365 days",
                "Rule 2, countries: FR is already named for gbp by rule 1",
                "The rules: at most 200 rules");
        assertThat(refused.refusals()).extracting(ShippingRuleForm.Refusal::inputId)
                .containsExactly("rule-1-countries", "rule-1-minDays", "rule-1-countries", null);
        assertThat(refused.shown()).hasSize(2 + ShippingRuleForm.EMPTY_ROWS);
        assertThat(refused.shown().get(1).countries()).isEqualTo("FR, XX");
    }

    private static void row(Map<String, String> form, int index, String currency, String zone, String countries,
            String amount) {
        String at = "rules[" + index + "].";
        form.put(at + "currency", currency);
        form.put(at + "zone", zone);
        form.put(at + "countries", countries);
        form.put(at + "kind", "flat");
        form.put(at + "amount", amount);
    }
}
