package dev.checkstand.fulfillment.printful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.checkstand.common.Currencies;
import dev.checkstand.fulfillment.provider.ProviderCallFailed;
import dev.checkstand.fulfillment.provider.ProviderCallFailed.Kind;
import dev.checkstand.fulfillment.provider.ProviderOrderRequest;
import dev.checkstand.fulfillment.provider.ShippingRate;
import dev.checkstand.fulfillment.provider.ShippingRateRequest;
import dev.checkstand.platform.BreakerSettings;
import dev.checkstand.platform.ProviderBreakers;
import dev.checkstand.simulator.printful.PrintfulSimulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Printful client against the real Printful simulator: shipping rates in minor units as the simulator's documented
 * table prices them, refusals, the rates' own timeout while Printful hangs, and the shipping method an order names.
 */
class PrintfulClientTests {

    private static final Duration RATES_TIMEOUT = Duration.ofMillis(500);

    // The simulator README's table: US dollars for the first item and for each further one.
    private record Tariff(String first, String additional) {
    }

    private static final Map<String, Map<String, Tariff>> DOLLARS = Map.of(
            "GB", Map.of("STANDARD", new Tariff("5.00", "1.50"), "EXPRESS", new Tariff("14.00", "3.00")),
            "US", Map.of("STANDARD", new Tariff("4.75", "2.00"), "EXPRESS", new Tariff("12.50", "3.00")));
    private static final Map<String, String> PER_DOLLAR = Map.of("usd", "1", "gbp", "0.80", "eur", "0.92",
            "jpy", "150");

    private final PrintfulSimulator simulator = PrintfulSimulator.builder().port(0).start();

    @AfterEach
    void close() {
        simulator.close();
    }

    @ParameterizedTest
    @CsvSource({"GB, gbp", "GB, usd", "GB, eur", "GB, jpy", "US, gbp", "US, usd", "US, eur", "US, jpy"})
    void ratesAreTheSimulatorsTableInMinorUnitsOfTheCurrencyAskedFor(String country, String currency) {
        // Two mugs by their sync variant id and a T-shirt by its external id: three items.
        List<ShippingRate> rates = client(60).shippingRates(new ShippingRateRequest(country, null, "Somewhere", "12345",
                List.of(new ShippingRateRequest.Item(Long.toString(PrintfulSimulator.MUG_CLASSIC), 2),
                        new ShippingRateRequest.Item("TEE-ORGANIC-M", 1)),
                currency));

        assertThat(rates).extracting(ShippingRate::id).containsExactly("STANDARD", "EXPRESS");
        assertThat(rates).extracting(ShippingRate::amount)
                .containsExactly(expected(country, "STANDARD", 3, currency), expected(country, "EXPRESS", 3, currency));
        assertThat(rates).allSatisfy(rate -> {
            assertThat(rate.currency()).isEqualTo(currency);
            assertThat(rate.name()).contains("business days");
            assertThat(rate.minDeliveryDays()).isPositive();
            assertThat(rate.maxDeliveryDays()).isGreaterThanOrEqualTo(rate.minDeliveryDays());
        });
        assertThat(simulator.apiCallCounts()).containsEntry("POST /shipping/rates", 1L);
    }

    @Test
    void aQuestionPrintfulRefusesIsRefusedAndNotWorthRetrying() {
        PrintfulClient printful = client(60);

        ProviderCallFailed unknownCountry = catchThrowableOfType(ProviderCallFailed.class,
                () -> printful.shippingRates(oneMug("XX", "gbp")));
        ProviderCallFailed unsupportedCurrency = catchThrowableOfType(ProviderCallFailed.class,
                () -> printful.shippingRates(oneMug("GB", "chf")));

        assertThat(unknownCountry.kind()).isEqualTo(Kind.REFUSED);
        assertThat(unknownCountry.status()).isEqualTo(400);
        assertThat(unknownCountry.worthRetrying()).isFalse();
        assertThat(unknownCountry.getMessage()).contains("XX");
        assertThat(unsupportedCurrency.kind()).isEqualTo(Kind.REFUSED);
        assertThat(unsupportedCurrency.getMessage()).contains("CHF");
    }

    @Test
    void whilePrintfulHangsTheRatesGiveUpAtTheirTimeoutAsRetryable() {
        simulator.faults().latency(Duration.ofSeconds(10));
        PrintfulClient printful = client(60);

        long started = System.nanoTime();
        ProviderCallFailed failed = catchThrowableOfType(ProviderCallFailed.class,
                () -> printful.shippingRates(oneMug("GB", "gbp")));
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failed.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(failed.status()).isZero();
        assertThat(failed.worthRetrying()).isTrue();
        // Printful would have answered after 10 s: the call gave up before, at its timeout.
        assertThat(waited).isGreaterThanOrEqualTo(RATES_TIMEOUT.minusMillis(50)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aSyncVariantIsQuotedAsItsCatalogVariantLookedUpOnce() {
        PrintfulClient printful = client(60);
        ShippingRateRequest bySyncVariant = new ShippingRateRequest("GB", null, "London", "N1 1AA",
                List.of(new ShippingRateRequest.Item(Long.toString(PrintfulSimulator.MUG_CLASSIC), 2)), "gbp");

        List<ShippingRate> first = printful.shippingRates(bySyncVariant);
        List<ShippingRate> again = printful.shippingRates(bySyncVariant);

        // The simulator refuses a sync variant id as variant_id, as Printful's rates do: these rates prove the lookup.
        assertThat(first).extracting(ShippingRate::id).contains("STANDARD");
        assertThat(again).isEqualTo(first);
        assertThat(simulator.apiCallCounts()).containsEntry("GET /store/variants/{id}", 1L)
                .containsEntry("POST /shipping/rates", 2L);
    }

    @Test
    void aPrintfulServerErrorIsUnavailableAndWorthRetrying() {
        simulator.faults().apiErrorRate(1).apiErrorStatus(503);

        ProviderCallFailed failed = catchThrowableOfType(ProviderCallFailed.class,
                () -> client(60).shippingRates(oneMug("GB", "gbp")));

        assertThat(failed.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.worthRetrying()).isTrue();
    }

    @Test
    void ratesDoNotWaitForTheCallBudgetAndFailAtOnceWhenItIsSpent() {
        PrintfulClient printful = client(1);
        printful.shippingRates(oneMug("GB", "gbp"));

        long started = System.nanoTime();
        ProviderCallFailed failed = catchThrowableOfType(ProviderCallFailed.class,
                () -> printful.shippingRates(oneMug("GB", "gbp")));

        assertThat(failed.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(RATES_TIMEOUT);
        assertThat(simulator.apiCallCounts()).containsEntry("POST /shipping/rates", 1L);
    }

    @Test
    void theShippingMethodAnOrderNamesArrivesAtPrintfulAndNoneIsStandard() {
        PrintfulClient printful = client(60);

        printful.createOrUpdate(order("CS-EXPRESS", "EXPRESS"), false);
        printful.createOrUpdate(order("CS-DEFAULT", null), false);
        ProviderCallFailed refused = catchThrowableOfType(ProviderCallFailed.class,
                () -> printful.createOrUpdate(order("CS-OVERNIGHT", "OVERNIGHT"), false));

        assertThat(simulator.orders()).extracting(PrintfulSimulator.OrderSummary::externalId,
                PrintfulSimulator.OrderSummary::shipping).containsExactly(
                        tuple("CS-EXPRESS", "EXPRESS"),
                        tuple("CS-DEFAULT", "STANDARD"));
        assertThat(simulator.orders().get(0).retailCosts().shipping()).isEqualTo("9.50");
        assertThat(refused.kind()).isEqualTo(Kind.REFUSED);
    }

    @Test
    void aRateIsCountedInTheCurrencysMinorUnitsAndOneWithMoreDecimalsThanItHasIsNoAnswer() {
        assertThat(PrintfulRates.minorUnits("4.99", "gbp")).isEqualTo(499);
        assertThat(PrintfulRates.minorUnits("12.5", "eur")).isEqualTo(1250);
        assertThat(PrintfulRates.minorUnits("650", "jpy")).isEqualTo(650);

        ProviderCallFailed yen = catchThrowableOfType(ProviderCallFailed.class,
                () -> PrintfulRates.minorUnits("650.5", "jpy"));
        ProviderCallFailed pounds = catchThrowableOfType(ProviderCallFailed.class,
                () -> PrintfulRates.minorUnits("4.999", "gbp"));
        ProviderCallFailed text = catchThrowableOfType(ProviderCallFailed.class,
                () -> PrintfulRates.minorUnits("free", "gbp"));

        assertThat(List.of(yen, pounds, text)).allSatisfy(failed -> assertThat(failed.kind()).isEqualTo(Kind.UNAVAILABLE));
        assertThat(yen.getMessage()).contains("650.5 JPY");
    }

    // The rate the README's table gives: (first + additional x (items - 1)) x factor, rounded half up, in minor units.
    private static long expected(String country, String method, int items, String currency) {
        Tariff tariff = DOLLARS.get(country).get(method);
        BigDecimal dollars = new BigDecimal(tariff.first())
                .add(new BigDecimal(tariff.additional()).multiply(BigDecimal.valueOf(items - 1)));
        int digits = Currencies.minorDigits(currency);
        return dollars.multiply(new BigDecimal(PER_DOLLAR.get(currency))).setScale(digits, RoundingMode.HALF_UP)
                .movePointRight(digits).longValueExact();
    }

    private PrintfulClient client(int callsPerMinute) {
        PrintfulConnection connection = PrintfulConnection.open(new PrintfulSettings(simulator.token(),
                simulator.storeId(), simulator.baseUrl(), "a-long-webhook-secret-1234", 0));
        Clock clock = Clock.systemUTC();
        ProviderBreakers breakers = new ProviderBreakers(new BreakerSettings(50, 20, 10, Duration.ofSeconds(30), 3),
                new SimpleMeterRegistry(), clock);
        return PrintfulConfiguration.client(connection, new CallBudget(callsPerMinute, clock), breakers,
                RATES_TIMEOUT, JsonMapper.builder().build(), clock);
    }

    private static ProviderOrderRequest order(String number, String shippingMethod) {
        return new ProviderOrderRequest(number,
                new ProviderOrderRequest.Recipient("Ada Lovelace", "1 Main St", null, "London", null, "GB", "N1 1AA",
                        "ada@example.com"),
                List.of(new ProviderOrderRequest.Item(number + "-1", "MUG-CLASSIC", "Classic mug",
                        Long.toString(PrintfulSimulator.MUG_CLASSIC), 1, "12.50")),
                new ProviderOrderRequest.RetailCosts("GBP", "12.50", "9.50", "22.00"), shippingMethod);
    }

    private static ShippingRateRequest oneMug(String country, String currency) {
        return new ShippingRateRequest(country, null, "London", "N1 1AA",
                List.of(new ShippingRateRequest.Item("MUG-CLASSIC", 1)), currency);
    }
}
