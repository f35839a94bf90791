package dev.checkstand.platform;

import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The name this process's db-scheduler writes into {@code scheduled_tasks.picked_by}: {@code CHECKSTAND_SCHEDULER_NAME}
 * when set, else host name, process id and a random suffix. db-scheduler's own default is the host name alone, which
 * every instance on one host (or every container whose host name is reused) shares, so {@code picked_by} could not say
 * which instance holds a job; the suffix keeps a restarted process (pid 1 again in a container) apart from its
 * predecessor. db-scheduler keeps only the first {@value #MAX_LENGTH} characters of the name there: a generated name
 * shortens the host name to fit, so that the process id and suffix stay; a configured name that does not fit is
 * refused at start-up, as it would not say which instance holds a job.
 */
@Component
class SchedulerIdentity implements DbSchedulerCustomizer {

    private static final Logger log = LoggerFactory.getLogger(SchedulerIdentity.class);

    /** How much of a scheduler's name db-scheduler writes into {@code picked_by}. */
    static final int MAX_LENGTH = 50;

    private final String name;

    SchedulerIdentity(@Value("${checkstand.scheduler.name:}") String configured) {
        this.name = configured == null || configured.isBlank() ? generated() : checked(configured.strip());
        log.info("Background jobs run as scheduler {}", name);
    }

    @Override
    public Optional<SchedulerName> schedulerName() {
        return Optional.of(new SchedulerName.Fixed(name));
    }

    String name() {
        return name;
    }

    private static String checked(String configured) {
        if (configured.length() > MAX_LENGTH) {
            throw new IllegalStateException("checkstand.scheduler.name (CHECKSTAND_SCHEDULER_NAME) has "
                    + configured.length() + " characters; db-scheduler keeps only the first " + MAX_LENGTH
                    + " in scheduled_tasks.picked_by, so it would not name this instance there: use at most "
                    + MAX_LENGTH);
        }
        return configured;
    }

    private static String generated() {
        byte[] suffix = new byte[3];
        new SecureRandom().nextBytes(suffix);
        return generated(host(), ProcessHandle.current().pid(), HexFormat.of().formatHex(suffix));
    }

    /** Host, process id and suffix, the host name shortened so that the whole fits in {@link #MAX_LENGTH}. */
    static String generated(String host, long pid, String suffix) {
        String tail = "-" + pid + "-" + suffix;
        return host.substring(0, Math.min(host.length(), MAX_LENGTH - tail.length())) + tail;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
