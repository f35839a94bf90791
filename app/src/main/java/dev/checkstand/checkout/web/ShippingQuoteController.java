package dev.checkstand.checkout.web;

import dev.checkstand.checkout.CheckoutRequest;
import dev.checkstand.checkout.CheckoutService;
import dev.checkstand.common.InvalidRequest;
import dev.checkstand.shipping.ShippingQuote;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What shipping a cart to an address costs, before paying: the storefront's quote, the cart checked and priced by
 * the very code the create endpoints use ({@link CheckoutService#quoteShipping}).
 */
@RestController
class ShippingQuoteController {

    private final CheckoutService checkout;

    ShippingQuoteController(CheckoutService checkout) {
        this.checkout = checkout;
    }

    @ApiResponse(responseCode = "200", description = "The quote", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "invalid_request: unknown products, mixed currencies, or no"
            + " shipping rule for the cart's currency (items) or its destination (shippingAddress.country)")
    @PostMapping("/api/shipping/quote")
    Quote quote(@Valid @RequestBody QuoteRequest request) {
        Address to = request.shippingAddress();
        return Quote.of(checkout.quoteShipping(request.items(), to.country(), to.state(), to.city(), to.postalCode(),
                "shippingAddress.country"));
    }

    @ApiResponse(responseCode = "200", description = "The quote", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "invalid_request: as for POST; items as productId:quantity")
    @GetMapping("/api/shipping/quote")
    Quote quote(@RequestParam List<String> items, @RequestParam String country,
            @RequestParam(required = false) String state, @RequestParam(required = false) String city,
            @RequestParam(required = false) String postalCode) {
        if (items.isEmpty() || items.size() > 100) {
            throw InvalidRequest.of("items", "must list 1 to 100 items as productId:quantity");
        }
        if (!country.matches("[A-Z]{2}")) {
            throw InvalidRequest.of("country", "must be an ISO 3166-1 alpha-2 country code");
        }
        if ((state != null && state.length() > 100) || (city != null && city.length() > 100)
                || (postalCode != null && postalCode.length() > 20)) {
            throw InvalidRequest.of("state", "state and city take at most 100 characters, postalCode 20");
        }
        List<CheckoutRequest.Item> parsed = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            parsed.add(parse(items.get(i), "items[" + i + "]"));
        }
        return Quote.of(checkout.quoteShipping(parsed, country, state, city, postalCode, "country"));
    }

    private static CheckoutRequest.Item parse(String text, String field) {
        String[] parts = text.split(":", -1);
        try {
            int quantity = parts.length == 2 ? Integer.parseInt(parts[1]) : -1;
            if (quantity < 1 || quantity > 100) {
                throw new IllegalArgumentException();
            }
            return new CheckoutRequest.Item(UUID.fromString(parts[0]), quantity);
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.of(field, "must be productId:quantity, quantity 1 to 100");
        }
    }

    /** A cart and where it goes; the address may be the full one the create endpoints take. */
    record QuoteRequest(@NotEmpty @Size(max = 100) List<CheckoutRequest.@NotNull @Valid Item> items,
            @NotNull @Valid Address shippingAddress) {
    }

    /** The part of a shipping address that prices shipping. */
    record Address(
            @NotNull @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 country code") String country,
            @Size(max = 100) String state,
            @Size(max = 100) String city,
            @Size(max = 20) String postalCode) {
    }

    /**
     * The quote: shipping's amount and currency, the method and its name, the zone, where the amount came from (flat,
     * free, printful, printful_fallback), the estimated delivery in days when known, and the cart's subtotal and total.
     */
    record Quote(long amount, String currency, String method, String methodName, String zone, String source,
            Delivery estimatedDelivery, long subtotal, long total) {

        static Quote of(CheckoutService.ShippingQuoted quoted) {
            ShippingQuote q = quoted.shipping();
            Delivery delivery = q.minDays() == null && q.maxDays() == null ? null : new Delivery(q.minDays(), q.maxDays());
            return new Quote(q.amount().amount(), q.amount().currency(), q.method(), q.methodName(), q.zone(),
                    q.source().wire(), delivery, quoted.subtotal(), quoted.subtotal() + q.amount().amount());
        }
    }

    /** Estimated delivery, in days after the order. */
    record Delivery(Integer minDays, Integer maxDays) {
    }
}
