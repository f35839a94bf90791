package dev.checkstand.inventory;

import dev.checkstand.common.Problem;
import java.util.Map;

/** Stock cannot be set below what unpaid orders have reserved. */
public final class StockBelowReserved extends Problem {

    private final int reserved;

    StockBelowReserved(int requested, int reserved) {
        super(409, "stock_below_reserved", "Stock below reserved",
                "On hand cannot be " + requested + ": " + reserved + " units are reserved by unpaid orders");
        this.reserved = reserved;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("reserved", reserved);
    }
}
