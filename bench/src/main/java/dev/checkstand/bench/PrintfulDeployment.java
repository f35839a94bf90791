package dev.checkstand.bench;

import dev.checkstand.simulator.printful.PrintfulSimulator;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A {@link Deployment} whose service talks to a Printful simulator in this JVM as it would to Printful itself —
 * through {@code PRINTFUL_TOKEN}, {@code PRINTFUL_API_BASE}, {@code PRINTFUL_STORE_ID} and
 * {@code PRINTFUL_WEBHOOK_SECRET}, with its webhook URL registered at start-up
 * ({@code CHECKSTAND_PRINTFUL_REGISTER_WEBHOOK}) — so the harness sees each Printful order the moment it exists, and
 * counts every call. The built-in simulator the service starts without a token would be out of the harness's reach.
 */
final class PrintfulDeployment implements AutoCloseable {

    /** The sync variants the simulator holds, one per product created: their orders are accepted by Printful. */
    static final List<String> VARIANTS = List.of(PrintfulSimulator.MUG_CLASSIC,
            PrintfulSimulator.TEE_ORGANIC_M, PrintfulSimulator.POSTER_A2, PrintfulSimulator.TOTE_CANVAS,
            PrintfulSimulator.STICKER_PACK, PrintfulSimulator.HOODIE_LTD).stream().map(String::valueOf).toList();

    final PrintfulSimulator printful;
    final Deployment deployment;

    private PrintfulDeployment(PrintfulSimulator printful, Deployment deployment) {
        this.printful = printful;
        this.deployment = deployment;
    }

    /**
     * Starts the simulator limited to {@code simulatorCallsPerMinute} (0: no limit; Printful's is 120), then the service
     * on database {@code database} with its own Printful budget at {@code serviceCallsPerMinute}
     * ({@code CHECKSTAND_PRINTFUL_CALLS_PER_MINUTE}), and waits for its webhook registration.
     */
    static PrintfulDeployment start(Bench bench, String database, int simulatorCallsPerMinute,
            int serviceCallsPerMinute) throws SQLException {
        PrintfulSimulator printful = PrintfulSimulator.builder().port(0).start();
        printful.faults().rateLimit(simulatorCallsPerMinute);
        try {
            Map<String, String> environment = new HashMap<>(Deployment.UNLIMITED);
            environment.put("PRINTFUL_TOKEN", printful.token());
            environment.put("PRINTFUL_API_BASE", printful.baseUrl());
            environment.put("PRINTFUL_STORE_ID", Long.toString(printful.storeId()));
            environment.put("PRINTFUL_WEBHOOK_SECRET", randomSecret());
            environment.put("CHECKSTAND_PRINTFUL_CALLS_PER_MINUTE", Integer.toString(serviceCallsPerMinute));
            environment.put("CHECKSTAND_PRINTFUL_REGISTER_WEBHOOK", "true");
            Deployment deployment = Deployment.start(bench, database, environment);
            if (Double.isNaN(Deployment.await(() -> printful.webhookUrl() != null, Duration.ofSeconds(30)))) {
                bench.log("fulfillment: the service did not register its webhook URL with the Printful simulator");
            }
            return new PrintfulDeployment(printful, deployment);
        } catch (RuntimeException | SQLException e) {
            printful.close();
            throw e;
        }
    }

    /** Printful API calls so far, all endpoints. */
    long calls() {
        return printful.apiCallCounts().values().stream().mapToLong(Long::longValue).sum();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        deployment.close();
        printful.close();
    }
}
