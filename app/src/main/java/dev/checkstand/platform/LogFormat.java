package dev.checkstand.platform;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code CHECKSTAND_LOG_FORMAT=json} switches the console to Spring Boot's structured logging in the Elastic Common
 * Schema (one JSON object per line, the MDC's keys included); anything else, or nothing, keeps plain lines. Runs before
 * the logging system starts, so the very first line is already in the chosen format.
 */
public class LogFormat implements EnvironmentPostProcessor {

    static final String VARIABLE = "CHECKSTAND_LOG_FORMAT";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String format = environment.getProperty(VARIABLE, "");
        if (format.trim().toLowerCase(Locale.ROOT).equals("json")
                && !environment.containsProperty("logging.structured.format.console")) {
            environment.getPropertySources().addLast(new MapPropertySource("checkstandLogFormat",
                    Map.of("logging.structured.format.console", "ecs")));
        }
    }
}
