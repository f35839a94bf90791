package dev.checkstand.admin.console;

import dev.checkstand.shipping.ShippingRule;
import java.util.Locale;

/**
 * One shipping rule in force as the shipping page lists it: amounts as money in the rule's currency with their minor
 * units beside them ("£4.99 (499)"), {@code *} as the rest of the world, delivery as a range of days.
 */
public record ShippingRuleView(String currency, String zone, String countries, String kind, String amount,
        String freeAbove, String method, String methodName, String delivery) {

    private static final ConsoleFormat FORMAT = new ConsoleFormat();

    static ShippingRuleView of(ShippingRule rule) {
        String currency = rule.currency().toUpperCase(Locale.ROOT);
        return new ShippingRuleView(currency, rule.zone(),
                rule.countries().contains(ShippingRule.EVERYWHERE)
                        ? "* (every country no other " + currency + " rule names)"
                        : String.join(", ", rule.countries()),
                rule.kind() == ShippingRule.Kind.PRINTFUL ? "Printful's rate; the amount if Printful cannot quote" : "flat",
                money(rule.amount(), rule.currency()),
                rule.freeAbove() == null ? "—" : money(rule.freeAbove(), rule.currency()),
                rule.method(), rule.methodName(), delivery(rule.minDays(), rule.maxDays()));
    }

    private static String money(long minorUnits, String currency) {
        return FORMAT.money(minorUnits, currency) + " (" + minorUnits + ")";
    }

    private static String delivery(Integer minDays, Integer maxDays) {
        if (minDays != null && maxDays != null) {
            return minDays.equals(maxDays) ? days(maxDays) : minDays + "–" + days(maxDays);
        }
        if (maxDays != null) {
            return "up to " + days(maxDays);
        }
        return minDays == null ? "not stated" : "from " + days(minDays);
    }

    private static String days(int days) {
        return days + (days == 1 ? " day" : " days");
    }
}
