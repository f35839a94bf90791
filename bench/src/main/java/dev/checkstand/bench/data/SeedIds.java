package dev.checkstand.bench.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The ids of seeded row {@code g}, computed the same way in SQL ({@code md5('o' || g)::uuid}) and here, so the
 * harness can address any seeded order without reading it back. They look random, like the service's own ids.
 */
public final class SeedIds {

    private SeedIds() {
    }

    public static UUID orderId(long g) {
        return uuid(md5("o" + g));
    }

    public static UUID attemptId(long g) {
        return uuid(md5("a" + g));
    }

    public static String paymentIntentId(long g) {
        return "pi_" + md5("p" + g).substring(0, 24);
    }

    public static String chargeId(long g) {
        return "ch_" + md5("c" + g).substring(0, 24);
    }

    public static String eventId(long g, int round) {
        return "evt_" + md5("e" + g + ":" + round).substring(0, 24);
    }

    public static String orderNumber(long g) {
        return "BN-" + g;
    }

    /** SQL expressions for the same ids, over a column or series named {@code g}. */
    public static final String ORDER_ID_SQL = "md5('o' || g)::uuid";
    public static final String ATTEMPT_ID_SQL = "md5('a' || g)::uuid";
    public static final String PAYMENT_INTENT_ID_SQL = "'pi_' || substr(md5('p' || g), 1, 24)";

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UUID uuid(String hex) {
        return UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20));
    }
}
