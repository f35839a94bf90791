package dev.checkstand.shipping;

import dev.checkstand.catalog.Catalog;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says at start-up which currencies the catalog sells in that no shipping rule covers: their checkouts are refused
 * (400, {@code items}). The likely cause is an upgrade of a shop that sells in another currency than
 * {@code CHECKSTAND_DEFAULT_CURRENCY} without rules of its own.
 */
@Component
class UnshippedCurrencies {

    private static final Logger log = LoggerFactory.getLogger(UnshippedCurrencies.class);

    private final Catalog catalog;
    private final ShippingQuotes quotes;

    UnshippedCurrencies(Catalog catalog, ShippingQuotes quotes) {
        this.catalog = catalog;
        this.quotes = quotes;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warn() {
        Set<String> uncovered = uncovered();
        if (!uncovered.isEmpty()) {
            log.warn("Products are sold in {} but no shipping rule covers {}: their checkouts are refused until one"
                    + " does (PUT /api/admin/shipping, or CHECKSTAND_DEFAULT_CURRENCY for the default rule)",
                    uncovered, uncovered.size() == 1 ? "it" : "them");
        }
    }

    /** The currencies of products on sale that no rule in force is for, upper case. */
    Set<String> uncovered() {
        List<ShippingRule> rules = quotes.rulesInForce();
        Set<String> uncovered = new TreeSet<>();
        for (Catalog.Listing listing : catalog.listings()) {
            String currency = listing.product().unitPrice().currency();
            if (rules.stream().noneMatch(rule -> rule.currency().equals(currency))) {
                uncovered.add(currency.toUpperCase(Locale.ROOT));
            }
        }
        return uncovered;
    }
}
