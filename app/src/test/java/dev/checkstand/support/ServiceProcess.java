package dev.checkstand.support;

import dev.checkstand.CheckstandApplication;
import dev.checkstand.simulator.StripeSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Checkstand in a JVM of its own, started from this test run's class path, so that a test can kill it as a machine
 * dies (SIGKILL: no shutdown hook, no graceful stop, its locks and leases left as they were). Its output goes to a file
 * under {@code target/service-processes}.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the service on {@code jdbcUrl} and {@code simulator}; it is still starting when this returns. */
    public static ServiceProcess start(String name, String jdbcUrl, StripeSimulator simulator, String... extra) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CheckstandApplication.class.getName()));
        List<String> arguments = new ArrayList<>(List.of(extra));
        arguments.add("--server.port=" + port);
        command.addAll(ServiceInstance.arguments(jdbcUrl, simulator, arguments.toArray(String[]::new)));
        try {
            Path dir = Files.createDirectories(Path.of("target", "service-processes"));
            Path log = dir.resolve(name + "-" + System.currentTimeMillis() + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new ServiceProcess(process, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    /** A client of this process's HTTP API, as the admin of the tests. */
    public Api api() {
        return new Api(() -> port, "admin", TestSupport.ADMIN_PASSWORD);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The process's output so far, for a failing test's message. */
    public Path log() {
        return log;
    }

    /** Waits until the instance answers its readiness probe with 200 (a cold JVM takes some seconds). */
    public ServiceProcess awaitReady() {
        Api api = api();
        org.awaitility.Awaitility.await("instance on port " + port + " ready (log: " + log + ")")
                .atMost(java.time.Duration.ofSeconds(90)).ignoreExceptions()
                .until(() -> api.get("/actuator/health/readiness").status() == 200);
        return this;
    }

    /** SIGKILL, and waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + pid() + " survived SIGKILL for 30 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
