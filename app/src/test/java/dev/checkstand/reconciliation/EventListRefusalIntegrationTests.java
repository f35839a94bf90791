package dev.checkstand.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.inbox.InboxEvent;
import dev.checkstand.inbox.InboxHandler;
import dev.checkstand.support.Api;
import dev.checkstand.support.CheckstandIntegrationTest;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** Stripe refusing the events list (here: more than 20 types) is reported as a refusal with Stripe's message. */
@CheckstandIntegrationTest
@Import(EventListRefusalIntegrationTests.ManyTypes.class)
@ExtendWith(OutputCaptureExtension.class)
class EventListRefusalIntegrationTests {

    @Autowired
    Api api;

    @Test
    void aRefusedEventsListIsA502WithStripesMessageAndLoggedAsARefusal(CapturedOutput output) {
        Api.Response pass = api.postAsAdmin("/api/admin/sync-orders", "{}");

        assertThat(pass.status()).isEqualTo(502);
        assertThat(pass.text("code")).isEqualTo("payment_provider_rejected");
        assertThat(pass.text("detail")).contains("types can have at most 20");
        assertThat(output.getOut()).contains("Stripe refused to list events: 400").contains("types can have at most 20")
                .doesNotContain("did not answer definitely");
    }

    // Twenty-one more handled types than Stripe's list call takes at once.
    @TestConfiguration(proxyBeanMethods = false)
    static class ManyTypes {

        @Bean
        InboxHandler manyTypes() {
            return new InboxHandler() {
                @Override
                public String source() {
                    return "stripe";
                }

                @Override
                public List<String> types() {
                    return IntStream.range(0, 21).mapToObj(i -> "test.type_" + i).toList();
                }

                @Override
                public void handle(InboxEvent event) {
                }
            };
        }
    }
}
