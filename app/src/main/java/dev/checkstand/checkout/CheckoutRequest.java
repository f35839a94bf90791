package dev.checkstand.checkout;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** A storefront's request to check out a cart (both create endpoints). */
public record CheckoutRequest(
        @NotNull @Pattern(regexp = "[A-Za-z0-9_-]{16,64}", message = "must be 16-64 characters of A-Z, a-z, 0-9, _ and -")
        String checkoutId,
        @NotBlank @Email @Size(max = 254) String email,
        @NotEmpty @Size(max = 100) List<@NotNull @Valid Item> items,
        @NotNull @Valid Address shippingAddress,
        @Size(max = 2000) String successUrl,
        @Size(max = 2000) String cancelUrl) {

    /** One cart line. */
    public record Item(@NotNull UUID productId, @NotNull @Min(1) @Max(100) Integer quantity) {
    }

    /** The shipping address; {@code country} is an ISO 3166-1 alpha-2 code. */
    public record Address(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 200) String line1,
            @Size(max = 200) String line2,
            @NotBlank @Size(max = 100) String city,
            @Size(max = 100) String state,
            @NotBlank @Size(max = 20) String postalCode,
            @NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 country code") String country) {
    }
}
