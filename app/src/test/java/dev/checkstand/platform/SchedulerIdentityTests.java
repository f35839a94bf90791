package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The scheduler's name as db-scheduler records it in {@code scheduled_tasks.picked_by}: only its first 50 characters
 * (db-scheduler cuts it there), so the name must fit to say which instance holds a job.
 */
class SchedulerIdentityTests {

    // A Kubernetes pod's host name can be 63 characters long.
    private static final String LONG_HOST = "checkstand-web-eu-west-1-production-7f9c8d6b5-abcdefghijklmnopq";

    @Test
    void aGeneratedNameKeepsItsProcessIdAndSuffixWhenTheHostNameIsLong() {
        String name = SchedulerIdentity.generated(LONG_HOST, 4_194_303, "a1b2c3");

        assertThat(name).hasSize(SchedulerIdentity.MAX_LENGTH).endsWith("-4194303-a1b2c3")
                .startsWith(LONG_HOST.substring(0, SchedulerIdentity.MAX_LENGTH - "-4194303-a1b2c3".length()));
    }

    @Test
    void aGeneratedNameWithAShortHostNameIsWhole() {
        assertThat(SchedulerIdentity.generated("web-3", 4711, "a1b2c3")).isEqualTo("web-3-4711-a1b2c3");
    }

    @Test
    void aConfiguredNameThatFitsIsUsedAsGiven() {
        String fifty = "shop-eu-1-" + "x".repeat(40);

        assertThat(new SchedulerIdentity(" " + fifty + " ").name()).isEqualTo(fifty);
    }

    @Test
    void aConfiguredNameLongerThanDbSchedulerKeepsIsRefused() {
        String fiftyOne = "shop-eu-1-" + "x".repeat(41);

        assertThatThrownBy(() -> new SchedulerIdentity(fiftyOne)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("51 characters").hasMessageContaining("at most 50");
    }

    @Test
    void withoutAConfiguredNameOneIsGeneratedForThisProcess() {
        String name = new SchedulerIdentity("").name();

        assertThat(name).hasSizeLessThanOrEqualTo(SchedulerIdentity.MAX_LENGTH)
                .containsPattern("-" + ProcessHandle.current().pid() + "-[0-9a-f]{6}$");
    }
}
