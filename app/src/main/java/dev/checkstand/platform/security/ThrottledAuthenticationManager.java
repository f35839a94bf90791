package dev.checkstand.platform.security;

import java.time.Duration;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Puts every sign-in, whichever filter asks (HTTP Basic today, the console's form login later), through the
 * {@link LoginThrottle}: a throttled attempt is refused with {@link TooManyAttempts} before its password is checked.
 */
final class ThrottledAuthenticationManager implements AuthenticationManager {

    private final AuthenticationManager delegate;
    private final LoginThrottle throttle;

    ThrottledAuthenticationManager(AuthenticationManager delegate, LoginThrottle throttle) {
        this.delegate = delegate;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        // The servlet's remote address: a forwarded header counts only when server.forward-headers-strategy says so.
        String address = attempt.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        String user = attempt.getName();
        Optional<Duration> wait = throttle.tryAttempt(address, user);
        if (wait.isPresent()) {
            throw new TooManyAttempts(wait.get());
        }
        Authentication result;
        try {
            result = delegate.authenticate(attempt);
        } catch (AuthenticationServiceException e) {
            throw e; // the user store failed: nothing was decided about the password
        } catch (AuthenticationException e) {
            throttle.failed(address, user);
            throw e;
        }
        throttle.succeeded(address, user);
        return result;
    }
}
