package dev.checkstand.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Credentials of a metrics scraper ({@code CHECKSTAND_SCRAPE_USER}, {@code CHECKSTAND_SCRAPE_PASSWORD}): role METRICS,
 * which reaches {@code /actuator/prometheus} and nothing else. Neither set: only ADMIN may scrape.
 */
@ConfigurationProperties("checkstand.scrape")
record ScrapeProperties(String user, String password) {

    ScrapeProperties {
        boolean hasUser = user != null && !user.isBlank();
        boolean hasPassword = password != null && !password.isEmpty();
        if (hasUser != hasPassword) {
            throw new IllegalStateException("CHECKSTAND_SCRAPE_USER and CHECKSTAND_SCRAPE_PASSWORD go together");
        }
    }

    boolean configured() {
        return user != null && !user.isBlank();
    }

    @Override
    public String toString() {
        return "ScrapeProperties[user=" + user + "]";
    }
}
