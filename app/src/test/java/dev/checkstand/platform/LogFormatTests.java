package dev.checkstand.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** CHECKSTAND_LOG_FORMAT=json means Spring Boot's ECS structured logging on the console; anything else, plain lines. */
class LogFormatTests {

    @Test
    void jsonMeansEcsStructuredLogging() {
        assertThat(consoleFormatWith(Map.of("CHECKSTAND_LOG_FORMAT", "json"))).isEqualTo("ecs");
        assertThat(consoleFormatWith(Map.of("CHECKSTAND_LOG_FORMAT", " JSON "))).isEqualTo("ecs");
    }

    @Test
    void anythingElseKeepsPlainLines() {
        assertThat(consoleFormatWith(Map.of())).isNull();
        assertThat(consoleFormatWith(Map.of("CHECKSTAND_LOG_FORMAT", "plain"))).isNull();
        assertThat(consoleFormatWith(Map.of("CHECKSTAND_LOG_FORMAT", "xml"))).isNull();
    }

    @Test
    void anExplicitSpringSettingWins() {
        assertThat(consoleFormatWith(Map.of("CHECKSTAND_LOG_FORMAT", "json",
                "logging.structured.format.console", "logstash"))).isEqualTo("logstash");
    }

    private static String consoleFormatWith(Map<String, Object> values) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("given", values));
        new LogFormat().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty("logging.structured.format.console");
    }
}
