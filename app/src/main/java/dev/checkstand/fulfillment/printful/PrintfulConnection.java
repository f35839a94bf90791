package dev.checkstand.fulfillment.printful;

import dev.checkstand.simulator.printful.PrintfulSimulator;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where Printful is and with which token and webhook secret the service talks to it; owns the simulator when one runs. */
public final class PrintfulConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PrintfulConnection.class);
    private static final String PRINTFUL_API = "https://api.printful.com";
    private static final int MIN_SECRET_LENGTH = 16;

    private final String apiBase;
    private final String token;
    private final Long storeId;
    private final String webhookSecret;
    private final PrintfulSimulator simulator;

    private PrintfulConnection(String apiBase, String token, Long storeId, String webhookSecret,
            PrintfulSimulator simulator) {
        this.apiBase = apiBase.replaceAll("/+$", "");
        this.token = token;
        this.storeId = storeId;
        this.webhookSecret = webhookSecret;
        this.simulator = simulator;
    }

    static PrintfulConnection open(PrintfulSettings settings) {
        String secret = settings.webhookSecret();
        if (secret != null && !secret.isBlank() && secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("PRINTFUL_WEBHOOK_SECRET must be at least " + MIN_SECRET_LENGTH
                    + " characters: it is all that authenticates Printful's webhooks");
        }
        if (!settings.useSimulator()) {
            if (secret == null || secret.isBlank()) {
                throw new IllegalStateException("PRINTFUL_TOKEN is set but PRINTFUL_WEBHOOK_SECRET is not: set it to a"
                        + " long random string; Printful's webhooks are accepted only at /api/printful/webhook/{secret}");
            }
            String base = settings.apiBase() == null || settings.apiBase().isBlank() ? PRINTFUL_API : settings.apiBase();
            return new PrintfulConnection(base, settings.token(), settings.storeId(), secret, null);
        }
        PrintfulSimulator.Builder builder = PrintfulSimulator.builder().port(settings.simulatorPort());
        if (settings.storeId() != null) {
            builder.storeId(settings.storeId());
        }
        PrintfulSimulator simulator = builder.start();
        log.info("No PRINTFUL_TOKEN set: using the built-in Printful simulator at {}", simulator.baseUrl());
        return new PrintfulConnection(simulator.baseUrl(), simulator.token(), simulator.storeId(),
                secret == null || secret.isBlank() ? randomSecret() : secret, simulator);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public String apiBase() {
        return apiBase;
    }

    String token() {
        return token;
    }

    Optional<Long> storeId() {
        return Optional.ofNullable(storeId);
    }

    /** The secret path segment Printful's webhooks must come to. */
    String webhookSecret() {
        return webhookSecret;
    }

    /** The in-process simulator, when the service runs without a Printful token. */
    public Optional<PrintfulSimulator> simulator() {
        return Optional.ofNullable(simulator);
    }

    @Override
    public void close() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
