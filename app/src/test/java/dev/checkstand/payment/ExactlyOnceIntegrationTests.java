package dev.checkstand.payment;

import dev.checkstand.simulator.StripeSimulator;
import dev.checkstand.support.Api;
import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.PaymentStorm;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@CheckstandIntegrationTest
class ExactlyOnceIntegrationTests {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StripeSimulator simulator;

    @Test
    void twoHundredOrdersRacingTenConfirmsAndFiveDeliveriesEachArePaidOnce() throws Exception {
        new PaymentStorm(List.of(api), simulator, jdbc).run(200, 10, 5);
    }
}
