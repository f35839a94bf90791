package dev.checkstand.storefront.pages;

import dev.checkstand.catalog.Catalog;
import dev.checkstand.common.Currencies;
import dev.checkstand.common.MoneyFormat;
import dev.checkstand.payment.Payments;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The demo storefront: the catalog with prices in their currency and availability, a cart, and a checkout that pays
 * by card on the page (Stripe.js — the simulator's stand-in when the simulator is used, Stripe's own with real keys,
 * the same page code either way) or on Stripe's hosted Checkout page. It uses only the public JSON API, as a shop's
 * own storefront would.
 */
@Controller
class StorefrontPage {

    private final Catalog catalog;
    private final Payments payments;

    StorefrontPage(Catalog catalog, Payments payments) {
        this.catalog = catalog;
        this.payments = payments;
    }

    @GetMapping("/")
    String shop(Model model) {
        model.addAttribute("products", catalog.listings().stream().map(ShopProduct::of).toList());
        model.addAttribute("publishableKey", payments.publishableKey());
        model.addAttribute("stripeJs", payments.browserScriptUrl());
        return "storefront/shop";
    }

    /** A product on the shelf: its price as text and in minor units, and how many can be bought. */
    public record ShopProduct(String id, String name, String description, String price, long unitAmount,
            String currency, int minorDigits, int available) {

        static ShopProduct of(Catalog.Listing listing) {
            var product = listing.product();
            String currency = product.unitPrice().currency();
            return new ShopProduct(product.id().value().toString(), product.name(), product.description(),
                    MoneyFormat.format(product.unitPrice()), product.unitPrice().amount(), currency,
                    Currencies.minorDigits(currency), listing.available());
        }
    }
}
