package dev.checkstand.fulfillment;

import static dev.checkstand.fulfillment.FulfillmentStatus.BLOCKED;
import static dev.checkstand.fulfillment.FulfillmentStatus.CANCELED;
import static dev.checkstand.fulfillment.FulfillmentStatus.FAILED;
import static dev.checkstand.fulfillment.FulfillmentStatus.IN_PRODUCTION;
import static dev.checkstand.fulfillment.FulfillmentStatus.ON_HOLD;
import static dev.checkstand.fulfillment.FulfillmentStatus.PARTIALLY_SHIPPED;
import static dev.checkstand.fulfillment.FulfillmentStatus.PENDING;
import static dev.checkstand.fulfillment.FulfillmentStatus.SHIPPED;
import static dev.checkstand.fulfillment.FulfillmentStatus.SUBMITTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.common.Money;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The forward-only rule, walked for every pair of statuses; Printful's words mapped; money as Printful's decimals. */
class FulfillmentStatusTests {

    // What each status may become when the provider says so; everything else is refused.
    private static final Map<FulfillmentStatus, Set<FulfillmentStatus>> ALLOWED = Map.of(
            PENDING, EnumSet.of(SUBMITTED, IN_PRODUCTION, ON_HOLD, PARTIALLY_SHIPPED, SHIPPED, FAILED, CANCELED),
            BLOCKED, EnumSet.of(SUBMITTED, IN_PRODUCTION, ON_HOLD, PARTIALLY_SHIPPED, SHIPPED, FAILED, CANCELED),
            SUBMITTED, EnumSet.of(IN_PRODUCTION, ON_HOLD, PARTIALLY_SHIPPED, SHIPPED, FAILED, CANCELED),
            IN_PRODUCTION, EnumSet.of(ON_HOLD, PARTIALLY_SHIPPED, SHIPPED, FAILED, CANCELED),
            ON_HOLD, EnumSet.of(SUBMITTED, IN_PRODUCTION, PARTIALLY_SHIPPED, SHIPPED, FAILED, CANCELED),
            PARTIALLY_SHIPPED, EnumSet.of(ON_HOLD, SHIPPED, CANCELED),
            SHIPPED, EnumSet.noneOf(FulfillmentStatus.class),
            FAILED, EnumSet.of(SUBMITTED, IN_PRODUCTION, ON_HOLD, PARTIALLY_SHIPPED, SHIPPED, CANCELED),
            CANCELED, EnumSet.noneOf(FulfillmentStatus.class));

    @Test
    void everyPairOfStatusesFollowsTheForwardOnlyRule() {
        for (FulfillmentStatus from : FulfillmentStatus.values()) {
            for (FulfillmentStatus to : FulfillmentStatus.values()) {
                assertThat(from.mayBecome(to)).as(from + " -> " + to).isEqualTo(ALLOWED.get(from).contains(to));
            }
        }
    }

    @Test
    void printfulsStatusesMapToOursAndUnknownOnesToNothing() {
        assertThat(FulfillmentStatus.fromPrintful("draft")).contains(SUBMITTED);
        assertThat(FulfillmentStatus.fromPrintful("pending")).contains(SUBMITTED);
        assertThat(FulfillmentStatus.fromPrintful("inprocess")).contains(IN_PRODUCTION);
        assertThat(FulfillmentStatus.fromPrintful("onhold")).contains(ON_HOLD);
        assertThat(FulfillmentStatus.fromPrintful("partial")).contains(PARTIALLY_SHIPPED);
        assertThat(FulfillmentStatus.fromPrintful("fulfilled")).contains(SHIPPED);
        assertThat(FulfillmentStatus.fromPrintful("failed")).contains(FAILED);
        assertThat(FulfillmentStatus.fromPrintful("canceled")).contains(CANCELED);
        assertThat(FulfillmentStatus.fromPrintful("archived")).isEmpty();
        assertThat(FulfillmentStatus.fromPrintful(null)).isEmpty();
    }

    @Test
    void moneyIsSentAsTheCurrencysDecimalNotation() {
        assertThat(FulfillmentRequests.decimal(Money.of(1250, "gbp"))).isEqualTo("12.50");
        assertThat(FulfillmentRequests.decimal(Money.of(5, "usd"))).isEqualTo("0.05");
        assertThat(FulfillmentRequests.decimal(Money.of(499, "jpy"))).isEqualTo("499");
        assertThat(FulfillmentRequests.decimal(Money.of(12345, "kwd"))).isEqualTo("12.345");
        assertThat(FulfillmentRequests.decimal(Money.of(0, "eur"))).isEqualTo("0.00");
    }
}
