package dev.checkstand.fulfillment.printful;

import dev.checkstand.common.Currencies;
import dev.checkstand.fulfillment.provider.ProviderCallFailed;
import dev.checkstand.fulfillment.provider.ProviderCallFailed.Kind;
import dev.checkstand.fulfillment.provider.ShippingRate;
import dev.checkstand.fulfillment.provider.ShippingRateRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Printful's {@code POST /shipping/rates} in both directions: the request body, and its answer's rates in minor units.
 * Printful writes a rate in the currency's decimal notation ({@code "4.99"} GBP, {@code "650"} JPY); an answer we cannot
 * read, in another currency than asked, or with more decimals than its currency has, is no answer we can use.
 */
final class PrintfulRates {

    private PrintfulRates() {
    }

    /** The request body: the destination, the items by variant, the currency in upper case. */
    static Map<String, Object> body(ShippingRateRequest request) {
        Map<String, Object> recipient = new LinkedHashMap<>();
        recipient.put("country_code", request.countryCode());
        recipient.put("state_code", request.stateCode());
        recipient.put("city", request.city());
        recipient.put("zip", request.zip());
        List<Map<String, Object>> items = new ArrayList<>();
        for (ShippingRateRequest.Item item : request.items()) {
            Map<String, Object> line = new LinkedHashMap<>();
            // Printful's rates take a catalog variant_id or a sync variant's external_variant_id, no sync_variant_id.
            if (PrintfulClient.isNumericId(item.variant())) {
                line.put("variant_id", Long.parseLong(item.variant()));
            } else {
                line.put("external_variant_id", item.variant());
            }
            line.put("quantity", item.quantity());
            items.add(line);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recipient", recipient);
        body.put("items", items);
        body.put("currency", request.currency().toUpperCase(Locale.ROOT));
        return body;
    }

    /** The rates of a {@code result} list asked for in {@code currency} (lower case), in Printful's order. */
    static List<ShippingRate> read(JsonNode result, String currency) {
        List<ShippingRate> rates = new ArrayList<>();
        for (JsonNode rate : result) {
            String id = text(rate.get("id"));
            String answered = text(rate.get("currency"));
            if (id == null || id.isBlank() || answered == null) {
                throw unusable("a shipping rate without id or currency");
            }
            if (!answered.toLowerCase(Locale.ROOT).equals(currency)) {
                throw unusable("a " + answered + " shipping rate where " + currency.toUpperCase(Locale.ROOT)
                        + " was asked for");
            }
            rates.add(new ShippingRate(id, text(rate.get("name")), minorUnits(text(rate.get("rate")), currency),
                    currency, days(rate.get("minDeliveryDays")), days(rate.get("maxDeliveryDays"))));
        }
        return rates;
    }

    /** A decimal rate in minor units of {@code currency}: "4.99" gbp is 499, "650" jpy is 650; "650.5" jpy is refused. */
    static long minorUnits(String rate, String currency) {
        BigDecimal decimal;
        try {
            decimal = new BigDecimal(rate == null ? "" : rate.trim());
        } catch (NumberFormatException e) {
            throw unusable("a shipping rate that is not a decimal amount");
        }
        if (decimal.signum() < 0) {
            throw unusable("a negative shipping rate");
        }
        try {
            return decimal.movePointRight(Currencies.minorDigits(currency)).longValueExact();
        } catch (ArithmeticException e) {
            throw unusable("a shipping rate of " + rate + " " + currency.toUpperCase(Locale.ROOT) + ", more decimals"
                    + " than the currency has");
        }
    }

    private static Integer days(JsonNode node) {
        return node != null && node.isIntegralNumber() && node.canConvertToInt() ? node.asInt() : null;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isContainer() ? null : node.asString();
    }

    private static ProviderCallFailed unusable(String what) {
        return new ProviderCallFailed(Kind.UNAVAILABLE, 200, "Printful answered " + what, null, null);
    }
}
