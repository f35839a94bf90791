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
 * predecessor.
 */
@Component
class SchedulerIdentity implements DbSchedulerCustomizer {

    private static final Logger log = LoggerFactory.getLogger(SchedulerIdentity.class);

    private final String name;

    SchedulerIdentity(@Value("${checkstand.scheduler.name:}") String configured) {
        this.name = configured == null || configured.isBlank() ? generated() : configured.strip();
        log.info("Background jobs run as scheduler {}", name);
    }

    @Override
    public Optional<SchedulerName> schedulerName() {
        return Optional.of(new SchedulerName.Fixed(name));
    }

    String name() {
        return name;
    }

    private static String generated() {
        byte[] suffix = new byte[3];
        new SecureRandom().nextBytes(suffix);
        return host() + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(suffix);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
