package dev.checkstand.shipping;

import dev.checkstand.common.Countries;
import dev.checkstand.common.Currencies;
import dev.checkstand.common.InvalidRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The admin's shipping rules: read, and replaced as a whole after checking them together (every field error at once;
 * nothing changes when any is refused). Within one currency a country is named by one rule at most, and one rule at
 * most is {@code *}.
 */
@Service
public class ShippingAdministration {

    private static final Pattern METHOD = Pattern.compile("[A-Z0-9_]{1,32}");
    static final int MAX_RULES = 200;
    static final long MAX_AMOUNT = 99_999_999;

    private final ShippingRules rules;
    private final ShippingQuotes quotes;
    private final Clock clock;

    ShippingAdministration(ShippingRules rules, ShippingQuotes quotes, Clock clock) {
        this.rules = rules;
        this.quotes = quotes;
        this.clock = clock;
    }

    /** The rules in force; {@code configured} is false while the default rule applies. */
    public record Rules(boolean configured, List<ShippingRule> rules, Instant updatedAt) {
    }

    @Transactional(readOnly = true)
    public Rules current() {
        Instant updatedAt = rules.updatedAt().orElse(null);
        return new Rules(updatedAt != null, quotes.rulesInForce(), updatedAt);
    }

    /**
     * Replaces every rule; an empty list goes back to the default rule. {@code found} are the errors the caller found
     * reading the rules (a missing amount, an unknown kind): refused together with these rules' own.
     */
    @Transactional
    public Rules replace(List<ShippingRule> replacement, List<InvalidRequest.FieldError> found) {
        List<InvalidRequest.FieldError> errors = new ArrayList<>(found);
        errors.addAll(check(replacement));
        if (!errors.isEmpty()) {
            throw new InvalidRequest(errors.get(0).field() + ": " + errors.get(0).message(), errors);
        }
        rules.replace(replacement, clock.instant());
        return current();
    }

    static List<InvalidRequest.FieldError> check(List<ShippingRule> rules) {
        List<InvalidRequest.FieldError> errors = new ArrayList<>();
        if (rules.size() > MAX_RULES) {
            errors.add(new InvalidRequest.FieldError("rules", "at most " + MAX_RULES + " rules"));
            return errors;
        }
        Map<String, String> namedBy = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            ShippingRule r = rules.get(i);
            String at = "rules[" + i + "].";
            if (!Currencies.isWellFormed(r.currency())) {
                errors.add(new InvalidRequest.FieldError(at + "currency", "must be a lower-case ISO 4217 code"));
            }
            if (r.zone() == null || r.zone().isBlank() || r.zone().length() > 100) {
                errors.add(new InvalidRequest.FieldError(at + "zone", "must be a name of 1 to 100 characters"));
            }
            if (r.methodName() == null || r.methodName().isBlank() || r.methodName().length() > 100) {
                errors.add(new InvalidRequest.FieldError(at + "methodName", "must be a name of 1 to 100 characters"));
            }
            if (r.method() == null || !METHOD.matcher(r.method()).matches()) {
                errors.add(new InvalidRequest.FieldError(at + "method",
                        "must be a Printful shipping method id, e.g. STANDARD (A-Z, 0-9, _)"));
            }
            if (r.amount() < 0 || r.amount() > MAX_AMOUNT) {
                errors.add(new InvalidRequest.FieldError(at + "amount", "must be 0 to " + MAX_AMOUNT + " minor units"));
            }
            if (r.freeAbove() != null && (r.freeAbove() < 0 || r.freeAbove() > MAX_AMOUNT)) {
                errors.add(new InvalidRequest.FieldError(at + "freeAbove", "must be 0 to " + MAX_AMOUNT + " minor units"));
            }
            if ((r.minDays() != null && (r.minDays() < 0 || r.minDays() > 365))
                    || (r.maxDays() != null && (r.maxDays() < 0 || r.maxDays() > 365))
                    || (r.minDays() != null && r.maxDays() != null && r.minDays() > r.maxDays())) {
                errors.add(new InvalidRequest.FieldError(at + "minDays",
                        "minDays and maxDays must be 0 to 365 days, minDays not above maxDays"));
            }
            if (r.countries().isEmpty()) {
                errors.add(new InvalidRequest.FieldError(at + "countries", "must name at least one country, or be [\"*\"]"));
            }
            if (r.countries().contains(ShippingRule.EVERYWHERE) && r.countries().size() > 1) {
                errors.add(new InvalidRequest.FieldError(at + "countries", "\"*\" stands alone"));
            }
            for (int c = 0; c < r.countries().size(); c++) {
                String country = r.countries().get(c);
                if (country == null || (!country.equals(ShippingRule.EVERYWHERE) && !Countries.isKnown(country))) {
                    errors.add(new InvalidRequest.FieldError(at + "countries[" + c + "]",
                            "must be an upper-case ISO 3166-1 alpha-2 code, e.g. GB, or \"*\""));
                    continue;
                }
                String earlier = namedBy.putIfAbsent(r.currency() + " " + country, "rules[" + i + "]");
                if (earlier != null) {
                    errors.add(new InvalidRequest.FieldError(at + "countries[" + c + "]", (country.equals("*")
                            ? "a second \"*\" rule" : country + " is already named") + " for " + r.currency()
                            + " by " + earlier));
                }
            }
        }
        return errors;
    }
}
