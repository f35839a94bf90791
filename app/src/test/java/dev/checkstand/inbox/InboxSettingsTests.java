package dev.checkstand.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InboxSettingsTests {

    @Test
    void unsetProcessingThreadsAreHalfTheCoresAndAtLeastOne() {
        assertThat(settings(null).processingThreads())
                .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        assertThat(InboxSettings.defaultProcessingThreads(1)).isEqualTo(1);
        assertThat(InboxSettings.defaultProcessingThreads(2)).isEqualTo(1);
        assertThat(InboxSettings.defaultProcessingThreads(3)).isEqualTo(1);
        assertThat(InboxSettings.defaultProcessingThreads(16)).isEqualTo(8);
    }

    @Test
    void processingThreadsSetAreKeptAndNoneIsRefused() {
        assertThat(settings(6).processingThreads()).isEqualTo(6);
        assertThatThrownBy(() -> settings(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("processing-threads");
    }

    private static InboxSettings settings(Integer processingThreads) {
        return new InboxSettings(true, true, Duration.ofSeconds(2), processingThreads, 1000, Duration.ofMinutes(5),
                Duration.ofSeconds(20), true, 2, 64, 32);
    }
}
