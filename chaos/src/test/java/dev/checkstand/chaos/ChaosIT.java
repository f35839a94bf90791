package dev.checkstand.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The short chaos run as part of {@code ./mvnw -B verify}: 2 instances, 200 checkouts, a kill -9 every 10 s, faults on
 * both simulators; fails when any invariant fails after healing. Needs app/target/checkstand.jar and
 * simulator/target/stripe-simulator.jar, which the reactor builds before this module.
 */
class ChaosIT {

    @Test
    void everyInvariantHoldsAfterAShortChaoticRun() throws Exception {
        Path root = Path.of(System.getProperty("checkstand.root", "..")).toAbsolutePath().normalize();
        ChaosConfig config = ChaosConfig.shortRun(root);
        config.checkJars();
        ChaosSuite.Result result = ChaosSuite.run(config);
        assertTrue(result.passed(), () -> "Invariants failed:\n" + result.verdicts().stream().filter(v -> !v.pass())
                .map(v -> v.name() + ": " + v.examples()).collect(Collectors.joining("\n")) + "\n\n" + result.markdown());
    }
}
