package dev.checkstand.shipping.web;

import dev.checkstand.shipping.ShippingAdministration;
import dev.checkstand.shipping.ShippingRule;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import dev.checkstand.common.InvalidRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The shop's shipping rules for admins: read, and replaced as a whole. */
@RestController
class AdminShippingController {

    private final ShippingAdministration shipping;

    AdminShippingController(ShippingAdministration shipping) {
        this.shipping = shipping;
    }

    @ApiResponse(responseCode = "200", description = "The rules in force; configured false while the default rule"
            + " (CHECKSTAND_SHIPPING_FLAT_AMOUNT in CHECKSTAND_DEFAULT_CURRENCY, every country) applies",
            useReturnTypeSchema = true)
    @GetMapping("/api/admin/shipping")
    RulesBody get() {
        return RulesBody.of(shipping.current());
    }

    @ApiResponse(responseCode = "200", description = "The rules as stored", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "invalid_request: every refused field at once; nothing changed")
    @PutMapping("/api/admin/shipping")
    RulesBody put(@Valid @RequestBody RulesInput body) {
        List<InvalidRequest.FieldError> errors = new ArrayList<>();
        List<ShippingRule> rules = new ArrayList<>();
        for (int i = 0; i < body.rules().size(); i++) {
            rules.add(body.rules().get(i).rule("rules[" + i + "].", errors));
        }
        return RulesBody.of(shipping.replace(rules, errors));
    }

    /** The replacement rule set; an empty list goes back to the default rule. */
    record RulesInput(@NotNull @Size(max = 200) List<@NotNull @Valid RuleInput> rules) {
    }

    /**
     * One rule as the admin writes it; amounts in the currency's minor units. Checked with the others in
     * {@link ShippingAdministration}, so that every refused field is named at once.
     */
    record RuleInput(String currency, String zone, @Size(max = 250) List<String> countries, String kind, Long amount,
            Long freeAbove, String method, String methodName, Integer minDays, Integer maxDays) {

        /** The rule, adding to {@code errors} what cannot be read (then a placeholder stands in: nothing is stored). */
        ShippingRule rule(String at, List<InvalidRequest.FieldError> errors) {
            if (amount == null) {
                errors.add(new InvalidRequest.FieldError(at + "amount", "must not be null"));
            }
            ShippingRule.Kind parsed = ShippingRule.Kind.parse(kind).orElse(null);
            if (parsed == null) {
                errors.add(new InvalidRequest.FieldError(at + "kind", "must be flat or printful"));
            }
            List<String> named = countries == null ? List.of()
                    : countries.stream().map(c -> c == null ? "" : c).toList();
            return new ShippingRule(currency, zone, named, parsed == null ? ShippingRule.Kind.FLAT : parsed,
                    amount == null ? 0 : amount, freeAbove, method, methodName, minDays, maxDays);
        }
    }

    /** The rules in force. */
    record RulesBody(boolean configured, Instant updatedAt, List<RuleBody> rules) {

        static RulesBody of(ShippingAdministration.Rules rules) {
            return new RulesBody(rules.configured(), rules.updatedAt(), rules.rules().stream().map(RuleBody::of).toList());
        }
    }

    /** One rule. */
    record RuleBody(String currency, String zone, List<String> countries, String kind, long amount, Long freeAbove,
            String method, String methodName, Integer minDays, Integer maxDays) {

        static RuleBody of(ShippingRule r) {
            return new RuleBody(r.currency(), r.zone(), r.countries(), r.kind().wire(), r.amount(), r.freeAbove(),
                    r.method(), r.methodName(), r.minDays(), r.maxDays());
        }
    }
}
