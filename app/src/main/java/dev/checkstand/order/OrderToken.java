package dev.checkstand.order;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A customer's proof of owning an order: 256 random bits from {@link SecureRandom}, URL-safe Base64 without padding.
 * The service keeps only its SHA-256 hash; the token itself is known only to whoever received the checkout's answer.
 */
public record OrderToken(String value) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 32;

    /** A fresh random token. */
    static OrderToken random() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return new OrderToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The SHA-256 of a presented token's text: what is stored, and what a presented token is compared by. */
    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    byte[] hash() {
        return hash(value);
    }

    // A secret: never in a log line or an exception message.
    @Override
    public String toString() {
        return "OrderToken[redacted]";
    }
}
