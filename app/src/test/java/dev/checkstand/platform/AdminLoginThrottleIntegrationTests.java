package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkstand.support.CheckstandIntegrationTest;
import dev.checkstand.support.RawHttp;
import dev.checkstand.support.TestSupport;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

@CheckstandIntegrationTest
class AdminLoginThrottleIntegrationTests {

    // 127.0.0.1 is every other test's address in a shared context: this class guesses from others of 127.0.0.0/8.
    private static final String ATTACKER = "127.0.0.2";
    private static final String ADMIN_ELSEWHERE = "127.0.0.3";

    @Value("${local.server.port}")
    int port;

    @Test
    void theEleventhWrongPasswordFromOneAddressIsTooManyAttemptsWhileTheRightOneFromAnotherAddressWorks() {
        for (int i = 0; i < 10; i++) {
            assertThat(ordersAs(ATTACKER, "wrong-" + i).status()).as("wrong password %d", i + 1).isEqualTo(401);
        }

        RawHttp.Response eleventh = ordersAs(ATTACKER, "wrong-11");
        RawHttp.Response rightButThrottled = ordersAs(ATTACKER, TestSupport.ADMIN_PASSWORD);
        RawHttp.Response elsewhere = ordersAs(ADMIN_ELSEWHERE, TestSupport.ADMIN_PASSWORD);

        assertThat(eleventh.status()).isEqualTo(429);
        assertThat(eleventh.header("Content-Type")).startsWith("application/problem+json");
        assertThat(eleventh.body()).contains("\"code\":\"too_many_attempts\"");
        assertThat(Long.parseLong(eleventh.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(rightButThrottled.status()).isEqualTo(429);
        assertThat(elsewhere.status()).isEqualTo(200);
        assertThat(ordersAs(ATTACKER, "wrong-12").status()).as("a success elsewhere forgives no one else").isEqualTo(429);
    }

    private RawHttp.Response ordersAs(String from, String password) {
        String credentials = Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        return RawHttp.get(port, from, "/api/admin/orders", Map.of("Authorization", "Basic " + credentials));
    }
}
