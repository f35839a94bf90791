package dev.checkstand.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CancellationWordsTests {

    private static final List<String> REASONS = List.of("admin", "authorization_expiring", "authorization_lapsed",
            "capture_refused", "nothing_to_fulfill", "customer_canceled", "order_canceled");

    @Test
    void everyReasonAPlacedOrderIsCanceledForIsToldInWordsNotAsItsCode() {
        for (String reason : REASONS) {
            assertThat(CancellationWords.why(reason)).as(reason).doesNotContain("_").doesNotContain(reason)
                    .endsWith(".");
        }
        assertThat(CancellationWords.why("authorization_expiring")).contains("hold on your card ran out");
        assertThat(CancellationWords.why("capture_refused")).contains("could not be charged");
        assertThat(CancellationWords.why("nothing_to_fulfill")).contains("could not make");
    }

    @Test
    void aReasonNotKnownHereIsAnApologyNotTheCode() {
        assertThat(CancellationWords.why("something_new")).isEqualTo(CancellationWords.why("admin"))
                .doesNotContain("something");
    }
}
