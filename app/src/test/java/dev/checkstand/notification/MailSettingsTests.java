package dev.checkstand.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MailSettingsTests {

    @Test
    void aSenderThatIsNoEmailAddressFailsStartUpNamingTheVariable() {
        assertThatThrownBy(() -> settings("not an address", 8))
                .hasMessageContaining("CHECKSTAND_MAIL_FROM");
    }

    @Test
    void fewerThanOneAttemptFailsStartUpNamingTheVariable() {
        assertThatThrownBy(() -> settings("orders@shop.example", 0))
                .hasMessageContaining("CHECKSTAND_MAIL_MAX_ATTEMPTS");
    }

    @Test
    void theWaitAfterARefusalDoublesUpToItsMaximum() {
        MailSettings settings = settings("orders@shop.example", 8);

        assertThat(settings.retryAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.retryAfter(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.retryAfter(4)).isEqualTo(Duration.ofSeconds(240));
        assertThat(settings.retryAfter(100)).isEqualTo(Duration.ofHours(1));
    }

    private static MailSettings settings(String from, int maxAttempts) {
        return new MailSettings(from, maxAttempts, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofMinutes(2),
                Duration.ofSeconds(10));
    }
}
