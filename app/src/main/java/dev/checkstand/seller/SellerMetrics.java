package dev.checkstand.seller;

import dev.checkstand.platform.DatabaseGauges;
import io.micrometer.core.instrument.Tags;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Marketplace sellers by where they stand with Stripe ({@link Seller#standing()}: {@code can_charge},
 * {@code onboarding}, {@code charges_disabled}, {@code no_account}), read from the database so every instance shows
 * the same.
 */
@Component
class SellerMetrics {

    SellerMetrics(DatabaseGauges gauges, Sellers sellers) {
        List<Tags> states = Arrays.stream(Seller.Standing.values()).map(s -> Tags.of("state", s.wire())).toList();
        gauges.register("checkstand.sellers", "Marketplace sellers by what Stripe lets their account do", null, states,
                () -> sellers.all().stream().collect(Collectors.groupingBy(
                        seller -> Tags.of("state", seller.standing().wire()), Collectors.counting())));
    }
}
