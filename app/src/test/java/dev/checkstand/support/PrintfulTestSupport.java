package dev.checkstand.support;

import dev.checkstand.fulfillment.printful.PrintfulConnection;
import dev.checkstand.simulator.printful.PrintfulSimulator;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The built-in Printful simulator as a bean, for tests of the whole application. */
@TestConfiguration(proxyBeanMethods = false)
public class PrintfulTestSupport {

    /**
     * Every test class of the shared context pays orders that go to this simulator, so its limit is lifted (the
     * service's own budget is the test's to set); tests of the limit set it themselves.
     */
    @Bean
    PrintfulSimulator printfulSimulator(PrintfulConnection connection) {
        PrintfulSimulator printful = connection.simulator().orElseThrow();
        printful.faults().rateLimit(0);
        return printful;
    }
}
