package dev.checkstand.seller;

import java.util.Objects;
import java.util.UUID;

/** The identity of a marketplace seller. */
public record SellerId(UUID value) {

    public SellerId {
        Objects.requireNonNull(value, "value");
    }

    public static SellerId of(UUID value) {
        return new SellerId(value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
