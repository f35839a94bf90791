package dev.checkstand.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Admin credentials ({@code CHECKSTAND_ADMIN_USER}, {@code CHECKSTAND_ADMIN_PASSWORD}); no password: one is generated. */
@ConfigurationProperties("checkstand.admin")
record AdminProperties(@DefaultValue("admin") String user, String password) {
}
