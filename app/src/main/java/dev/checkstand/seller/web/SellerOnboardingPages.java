package dev.checkstand.seller.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Where Stripe's hosted onboarding sends a seller back to: done (the account link's {@code return_url}), or a link
 * that expired or was used already ({@code refresh_url}; a new one is made by the marketplace's admin, who knows the
 * seller — an open page making links would hand anyone a seller's onboarding).
 */
@Controller
class SellerOnboardingPages {

    @GetMapping("/sellers/onboarding/done")
    String done() {
        return "seller/onboarding-done";
    }

    @GetMapping("/sellers/onboarding/expired")
    String expired() {
        return "seller/onboarding-expired";
    }
}
