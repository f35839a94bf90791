package dev.checkstand.checkout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/** A digest of a checkout's content, so a repeated checkout id can be told apart from a conflicting one. */
final class CheckoutFingerprint {

    private CheckoutFingerprint() {
    }

    static String of(String kind, CheckoutRequest request) {
        StringBuilder canonical = new StringBuilder(kind).append('\n')
                .append(request.email().trim().toLowerCase(Locale.ROOT)).append('\n');
        request.items().stream()
                .sorted(Comparator.comparing(CheckoutRequest.Item::productId))
                .forEach(item -> canonical.append(item.productId()).append('x').append(item.quantity()).append(';'));
        CheckoutRequest.Address a = request.shippingAddress();
        for (String part : new String[] {a.name(), a.line1(), a.line2(), a.city(), a.state(), a.postalCode(), a.country(),
                request.successUrl(), request.cancelUrl()}) {
            canonical.append('\n').append(Objects.toString(part, "\u0000"));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
