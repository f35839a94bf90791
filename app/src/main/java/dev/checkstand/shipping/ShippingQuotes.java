package dev.checkstand.shipping;

import dev.checkstand.common.InvalidRequest;
import dev.checkstand.common.Money;
import dev.checkstand.common.OrderId;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Prices shipping for a cart by the rules in force — the storefront's quote and every checkout alike — and keeps the
 * quote each order was charged. The rule for the cart's currency naming the destination country wins over the
 * currency's {@code *} rule; no rule for the currency, or none covering the country, is a 400 naming the field.
 * Printful's rates are kept for {@link #RATES_KEPT} per items, country (and state) and currency, so a storefront asking
 * for quotes spends few Printful calls (they take only what fulfillment leaves: see the Printful client); a failed
 * quote is not kept.
 */
@Service
public class ShippingQuotes {

    private static final Logger log = LoggerFactory.getLogger(ShippingQuotes.class);

    /** How long Printful's rates for one cart and destination are used again. */
    static final Duration RATES_KEPT = Duration.ofMinutes(10);

    private final ShippingRules rules;
    private final OrderShippings orders;
    private final ShippingSettings settings;
    private final ObjectProvider<ShippingRateSource> rates;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Cache<ShippingRateSource.Request, List<ShippingRateSource.Rate>> kept = Caffeine.newBuilder()
            .expireAfterWrite(RATES_KEPT)
            .maximumSize(10_000)
            .build();
    // Printful is asked on these threads, so that a quote waits at most the quote timeout in all; when all four are
    // busy and 64 quotes wait, a further one falls back at once.
    private final ThreadPoolExecutor callers = new ThreadPoolExecutor(4, 4, 1, TimeUnit.MINUTES,
            new ArrayBlockingQueue<>(64), runnable -> {
                Thread thread = new Thread(runnable, "shipping-quotes");
                thread.setDaemon(true);
                return thread;
            });

    ShippingQuotes(ShippingRules rules, OrderShippings orders, ShippingSettings settings,
            ObjectProvider<ShippingRateSource> rates, MeterRegistry meters, Clock clock) {
        this.rules = rules;
        this.orders = orders;
        this.settings = settings;
        this.rates = rates;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * A cart to price: its currency (lower case), its subtotal in minor units, where it goes, and its items as the
     * fulfillment provider's variants (null where a product has none).
     */
    public record Cart(String currency, long subtotal, Destination destination, List<ShippingRateSource.Item> items) {

        public Cart {
            items = List.copyOf(items);
        }
    }

    /** Where a cart goes; {@code countryField} names the request field the country came from, for a refusal. */
    public record Destination(String country, String state, String city, String postalCode, String countryField) {
    }

    /** The rules that price carts now: the admin's, or the default rule while none are stored. */
    @Transactional(readOnly = true)
    public List<ShippingRule> rulesInForce() {
        List<ShippingRule> stored = rules.all();
        return stored.isEmpty() ? List.of(settings.defaultRule()) : stored;
    }

    /** The quote for {@code cart}; {@link InvalidRequest} (400) when no rule covers its currency or destination. */
    public ShippingQuote quote(Cart cart) {
        ShippingRule rule = ruleFor(cart, rulesInForce());
        ShippingQuote quote;
        if (rule.freeAbove() != null && cart.subtotal() >= rule.freeAbove()) {
            quote = new ShippingQuote(Money.of(0, cart.currency()), rule.method(), rule.methodName(), rule.zone(),
                    ShippingQuote.Source.FREE, rule.minDays(), rule.maxDays());
        } else if (rule.kind() == ShippingRule.Kind.PRINTFUL) {
            quote = quoted(rule, cart);
        } else {
            quote = new ShippingQuote(Money.of(rule.amount(), cart.currency()), rule.method(), rule.methodName(),
                    rule.zone(), ShippingQuote.Source.FLAT, rule.minDays(), rule.maxDays());
        }
        meters.counter("checkstand.shipping.quotes", "source", quote.source().wire()).increment();
        return quote;
    }

    /** Keeps the quote an order was charged (once: a repeat changes nothing). Call in the order's transaction. */
    public void record(OrderId orderId, ShippingQuote quote) {
        orders.insert(orderId, quote, clock.instant());
    }

    /** The quote the order was charged; empty for orders placed before quotes were kept. */
    @Transactional(readOnly = true)
    public Optional<ShippingQuote> of(OrderId orderId) {
        return orders.of(orderId);
    }

    private static ShippingRule ruleFor(Cart cart, List<ShippingRule> inForce) {
        String currency = cart.currency();
        List<ShippingRule> ofCurrency = inForce.stream().filter(r -> r.currency().equals(currency)).toList();
        if (ofCurrency.isEmpty()) {
            List<String> offered = inForce.stream().map(r -> r.currency().toUpperCase(Locale.ROOT)).distinct().toList();
            throw InvalidRequest.of("items", "the shop does not ship orders in " + currency.toUpperCase(Locale.ROOT)
                    + " (it ships orders in " + String.join(", ", offered) + ")");
        }
        String country = cart.destination().country();
        return ofCurrency.stream().filter(r -> r.names(country)).findFirst()
                .or(() -> ofCurrency.stream().filter(ShippingRule::coversEverywhere).findFirst())
                .orElseThrow(() -> InvalidRequest.of(cart.destination().countryField(), "the shop does not ship to "
                        + country + " for orders in " + currency.toUpperCase(Locale.ROOT)));
    }

    /**
     * Printful's rate for the rule's method, or the rule's fallback when Printful gives no answer within the quote
     * timeout (however many calls that takes), its breaker is open or its budget is spent. When Printful answers that it
     * cannot ship the items there, or offers no rate by the rule's method, the cart is refused (400 naming the country):
     * charging the fallback would sell a shipment Printful then refuses.
     */
    private ShippingQuote quoted(ShippingRule rule, Cart cart) {
        ShippingRateSource source = rates.getIfAvailable();
        boolean everyVariantKnown = cart.items().stream().allMatch(i -> i.variant() != null);
        Destination d = cart.destination();
        if (source != null && everyVariantKnown) {
            // Printful prices by country and state, items and currency: the key, and all it is sent.
            ShippingRateSource.Request request = new ShippingRateSource.Request(d.country(), d.state(), null, null,
                    cart.items(), cart.currency());
            List<ShippingRateSource.Rate> offered;
            try {
                offered = CompletableFuture.supplyAsync(() -> kept.get(request, source::rates), callers)
                        .get(settings.quoteTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ShippingRateSource.Refused refused) {
                    throw InvalidRequest.of(d.countryField(), "cannot be shipped to " + d.country() + " by "
                            + rule.methodName() + ": " + refused.getMessage());
                }
                log.warn("Printful did not quote shipping to {} ({}); the rule's fallback amount applies", d.country(),
                        e.getCause().getClass().getSimpleName());
                return fallback(rule, cart);
            } catch (TimeoutException | RejectedExecutionException e) {
                log.warn("Printful did not quote shipping to {} within {} ({}); the rule's fallback amount applies",
                        d.country(), settings.quoteTimeout(), e.getClass().getSimpleName());
                return fallback(rule, cart);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fallback(rule, cart);
            }
            ShippingRateSource.Rate rate = offered.stream()
                    .filter(r -> r.id().equals(rule.method()) && r.currency().equals(cart.currency()))
                    .findFirst()
                    .orElseThrow(() -> InvalidRequest.of(d.countryField(), "cannot be shipped to " + d.country()
                            + " by " + rule.methodName() + " (Printful offers "
                            + offered.stream().map(ShippingRateSource.Rate::id).toList() + ")"));
            return new ShippingQuote(Money.of(rate.amount(), cart.currency()), rule.method(), rule.methodName(),
                    rule.zone(), ShippingQuote.Source.PRINTFUL, rate.minDays(), rate.maxDays());
        }
        return fallback(rule, cart);
    }

    private static ShippingQuote fallback(ShippingRule rule, Cart cart) {
        return new ShippingQuote(Money.of(rule.amount(), cart.currency()), rule.method(), rule.methodName(),
                rule.zone(), ShippingQuote.Source.PRINTFUL_FALLBACK, rule.minDays(), rule.maxDays());
    }

    @PreDestroy
    void stop() {
        callers.shutdownNow();
    }
}
