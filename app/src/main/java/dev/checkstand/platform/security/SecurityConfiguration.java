package dev.checkstand.platform.security;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * {@code /api/admin/**} needs role ADMIN over HTTP Basic; {@code /actuator/prometheus} ADMIN or the scraper's role
 * METRICS; the storefront API, webhooks and health are open. The admin
 * console ({@code /admin/**}) has a chain of its own: form login at {@code /admin/login}, a session cookie, CSRF on
 * every form, logout. Both use one user store and one authentication manager, so every sign-in, whichever the way,
 * goes through the {@link LoginThrottle}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    AdminCredentials adminCredentials(AdminProperties properties) {
        return AdminCredentials.from(properties);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(AdminCredentials admin, ScrapeProperties scrape, PasswordEncoder encoder) {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(User.withUsername(admin.user())
                .password(encoder.encode(admin.password()))
                .roles("ADMIN")
                .build());
        if (scrape.configured()) {
            if (scrape.user().equals(admin.user())) {
                throw new IllegalStateException("CHECKSTAND_SCRAPE_USER must differ from CHECKSTAND_ADMIN_USER");
            }
            users.createUser(User.withUsername(scrape.user())
                    .password(encoder.encode(scrape.password()))
                    .roles("METRICS")
                    .build());
        }
        return users;
    }

    @Bean
    LoginThrottle loginThrottle(LoginThrottleProperties properties, Clock clock) {
        return new LoginThrottle(properties, clock);
    }

    @Bean
    AuthenticationManager adminAuthentication(UserDetailsService users, PasswordEncoder encoder, LoginThrottle throttle,
            ObjectProvider<AuthenticationEventPublisher> events) {
        return throttled(users, encoder, throttle, events);
    }

    /** The console's pages: a browser with a session, so CSRF tokens on every form and a login page of its own. */
    @Bean
    @Order(1)
    SecurityFilterChain consoleChain(HttpSecurity http, AuthenticationManager adminAuthentication) throws Exception {
        return http
                .securityMatcher("/admin/**")
                .authenticationManager(adminAuthentication)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/admin/login").permitAll()
                        .anyRequest().hasRole("ADMIN"))
                .formLogin(form -> form
                        .loginPage("/admin/login")
                        .defaultSuccessUrl("/admin/orders", false)
                        .failureHandler((request, response, failure) -> response.sendRedirect(
                                request.getContextPath() + "/admin/login?" + (failure instanceof TooManyAttempts many
                                        ? "throttled=" + many.retryAfterSeconds() : "error"))))
                .logout(logout -> logout
                        .logoutUrl("/admin/logout")
                        .logoutSuccessUrl("/admin/login?signedOut"))
                .sessionManagement(session -> session
                        .sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                        .sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> headers.frameOptions(frame -> frame.deny()))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain securityFilterChain(HttpSecurity http, AuthenticationManager adminAuthentication)
            throws Exception {
        ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint();
        return http
                .authenticationManager(adminAuthentication)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/api/admin/**").hasRole("ADMIN")
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info").permitAll()
                        .requestMatchers("/actuator/prometheus").hasAnyRole("ADMIN", "METRICS")
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .anyRequest().permitAll())
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler((request, response, denied) ->
                                ProblemAuthenticationEntryPoint.write(response, HttpStatus.FORBIDDEN, "forbidden",
                                        "This needs the ADMIN role")))
                // A JSON API authenticated per request: no session cookies, so no CSRF exposure.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .formLogin(form -> form.disable())
                .logout(Customizer.withDefaults())
                .build();
    }

    private static AuthenticationManager throttled(UserDetailsService users, PasswordEncoder encoder,
            LoginThrottle throttle, ObjectProvider<AuthenticationEventPublisher> events) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
        passwords.setPasswordEncoder(encoder);
        ProviderManager manager = new ProviderManager(passwords);
        events.ifAvailable(manager::setAuthenticationEventPublisher);
        return new ThrottledAuthenticationManager(manager, throttle);
    }
}
