package dev.checkstand.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The checkout's configuration as start-up binds it: allowed redirect origins are origins, or start-up fails. */
class CheckoutPropertiesTests {

    @Test
    void allowedRedirectOriginsAreACommaSeparatedListOfNormalizedOrigins() {
        CheckoutProperties properties = bind(Map.of("checkstand.checkout.allowed-redirect-origins",
                "https://shop.example, HTTPS://WWW.Shop.Example:443/,http://localhost:3000,"));

        assertThat(properties.allowedRedirectOrigins())
                .containsExactly("https://shop.example", "https://www.shop.example", "http://localhost:3000");
        assertThat(properties.redirectOrigins(8080).allow("https://www.shop.example/thanks?id={CHECKOUT_SESSION_ID}"))
                .isTrue();
        assertThat(properties.redirectOrigins(8080).allow("http://localhost:8080/checkout/success")).isTrue();
        assertThat(properties.redirectOrigins(8080).allow("http://localhost:3001/")).isFalse();
        assertThat(properties.redirectOrigins(41234).allow("http://localhost:41234/checkout/success")).isTrue();
        assertThat(properties.successUrl(41234))
                .isEqualTo("http://localhost:41234/checkout/success?session_id={CHECKOUT_SESSION_ID}");
    }

    @Test
    void noAllowedRedirectOriginsLeavesOnlyTheServicesOwn() {
        CheckoutProperties properties = bind(Map.of("checkstand.checkout.allowed-redirect-origins", "",
                "checkstand.checkout.public-url", "https://pay.shop.example/checkstand/"));

        assertThat(properties.allowedRedirectOrigins()).isEmpty();
        assertThat(properties.redirectOrigins(8080).allow("https://pay.shop.example/anywhere")).isTrue();
        assertThat(properties.redirectOrigins(8080).allow("https://shop.example/")).isFalse();
        assertThat(properties.redirectOrigins(8080).allow("http://localhost:8080/")).isFalse();
        assertThat(properties.cancelUrl(8080))
                .isEqualTo("https://pay.shop.example/checkstand/checkout/cancel?attempt={CHECKSTAND_ATTEMPT_ID}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop.example", "https://shop.example/path", "https://shop.example?x=1", "*.shop.example",
            "https://*.shop.example", "ftp://shop.example", "https://user@shop.example", "javascript:alert(1)", "//shop.example"})
    void aMalformedRedirectOriginFailsStartUpNamingTheVariable(String entry) {
        assertThatThrownBy(() -> bind(Map.of("checkstand.checkout.allowed-redirect-origins", "https://ok.example," + entry)))
                .isInstanceOf(BindException.class)
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("CHECKSTAND_ALLOWED_REDIRECT_ORIGINS: '" + entry + "' is not an origin");
    }

    @Test
    void aPublicUrlThatIsNoHttpUrlFailsStartUpNamingTheVariable() {
        assertThatThrownBy(() -> bind(Map.of("checkstand.checkout.public-url", "pay.shop.example")))
                .rootCause()
                .hasMessageStartingWith("CHECKSTAND_PUBLIC_URL: 'pay.shop.example' is not an absolute http(s) URL");
    }

    private static CheckoutProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("checkstand.checkout",
                CheckoutProperties.class);
    }
}
