package dev.checkstand.support;

import dev.checkstand.simulator.StripeSimulator;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Backends of a test class's own and the service instances its tests start on them. Register it on a static field
 * with {@code @RegisterExtension}: the backends start before the class's tests and close after them; every instance
 * a test starts is closed after that test, newest first, even when the test failed.
 */
public final class Instances implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final String name;
    private final StripeSimulator.Builder simulatorBuilder;
    private final Deque<ServiceInstance> running = new ArrayDeque<>();
    private Backends backends;

    private Instances(String name, StripeSimulator.Builder simulatorBuilder) {
        this.name = name;
        this.simulatorBuilder = simulatorBuilder;
    }

    /** Instances on a PostgreSQL and a Stripe simulator of their own; {@code name} marks the database directory. */
    public static Instances onOwnBackends(String name) {
        return onOwnBackends(name, StripeSimulator.builder().port(0));
    }

    /** As {@link #onOwnBackends(String)}, with the simulator built from {@code simulator} (port 0 recommended). */
    public static Instances onOwnBackends(String name, StripeSimulator.Builder simulator) {
        return new Instances(name, simulator);
    }

    /** Starts one more instance on these backends; later {@code --key=value} arguments replace the defaults. */
    public ServiceInstance start(String... extraArguments) {
        return start(List.of(), extraArguments);
    }

    /** Starts one more instance with extra configuration classes (test-only beans). */
    public ServiceInstance start(List<Class<?>> sources, String... extraArguments) {
        ServiceInstance instance = ServiceInstance.start(backends().jdbcUrl(), simulator(), sources, extraArguments);
        synchronized (running) {
            running.push(instance);
        }
        return instance;
    }

    /** Stops an instance now, as a deployment stops one; the database and the simulator keep running. */
    public void stop(ServiceInstance instance) {
        synchronized (running) {
            if (!running.remove(instance)) {
                throw new IllegalArgumentException("this instance is not running on these backends (stopped already?)");
            }
        }
        instance.close();
    }

    /** The JDBC URL of these backends' database, for instances started outside this JVM. */
    public String jdbcUrl() {
        return backends().jdbcUrl();
    }

    public StripeSimulator simulator() {
        return backends().simulator();
    }

    /** A client on the shared database, for seeding and for checking what the instances wrote. */
    public JdbcClient jdbc() {
        return backends().jdbc();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        backends = Backends.start(name, simulatorBuilder);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeAll(null);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Backends started = backends;
        backends = null;
        closeAll(started);
    }

    /** Closes every running instance, newest first, then {@code backends}; throws the first failure, the rest suppressed. */
    private void closeAll(Backends backends) {
        RuntimeException failure = null;
        while (true) {
            ServiceInstance instance;
            synchronized (running) {
                instance = running.poll();
            }
            if (instance == null) {
                break;
            }
            failure = closeCollecting(instance::close, failure);
        }
        if (backends != null) {
            failure = closeCollecting(backends::close, failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException closeCollecting(Runnable close, RuntimeException failure) {
        try {
            close.run();
            return failure;
        } catch (RuntimeException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
            return failure;
        }
    }

    private Backends backends() {
        if (backends == null) {
            throw new IllegalStateException(
                    "Instances' backends are not running: register it on a static field with @RegisterExtension");
        }
        return backends;
    }
}
