package dev.checkstand.bench;

import dev.checkstand.simulator.StripeSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as it is deployed: {@code java -jar app/target/checkstand.jar} in its own JVM, configured only through
 * its documented environment variables, so its memory is its own and nothing of the harness runs inside it.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final String javaBin;
    private Duration startup;
    private double startupRssMb;

    private ServiceProcess(Process process, int port, String javaBin) {
        this.process = process;
        this.port = port;
        this.javaBin = javaBin;
    }

    /**
     * Starts the jar on {@code jdbcUrl} against {@code stripe} (with {@code systemProperties}, {@code -Dname=value},
     * for settings a figure needs), and waits until it answers healthy.
     */
    public static ServiceProcess start(Options options, String name, String jdbcUrl, StripeSimulator stripe,
            List<String> systemProperties, Map<String, String> extraEnvironment) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(options.serviceJava());
        command.addAll(options.serviceJvmArgs());
        command.addAll(systemProperties);
        command.add("-jar");
        command.add(options.serviceJar().toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("STRIPE_") || k.startsWith("SPRING_") || k.startsWith("CHECKSTAND_")
                || k.startsWith("PRINTFUL_") || k.equals("SERVER_PORT") || k.startsWith("JAVA_TOOL_OPTIONS"));
        env.put("SPRING_DATASOURCE_URL", jdbcUrl);
        env.put("SPRING_DATASOURCE_USERNAME", "postgres");
        env.put("SPRING_DATASOURCE_PASSWORD", "");
        env.put("STRIPE_SECRET_KEY", stripe.secretKey());
        env.put("STRIPE_PUBLISHABLE_KEY", stripe.publishableKey());
        env.put("STRIPE_WEBHOOK_SECRET", stripe.webhookSecret());
        env.put("STRIPE_API_BASE", stripe.baseUrl());
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("CHECKSTAND_PUBLIC_URL", "http://localhost:" + port);
        env.put("CHECKSTAND_PRINTFUL_SIMULATOR_PORT", "0");
        env.put("CHECKSTAND_ADMIN_PASSWORD", options.adminPassword());
        env.putAll(extraEnvironment);
        Path log = options.logDir().resolve(name + ".log");
        try {
            Files.createDirectories(options.logDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        long begun = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + command, e);
        }
        ServiceProcess service = new ServiceProcess(process, port, options.serviceJava());
        service.awaitHealthy(Duration.ofSeconds(120), log);
        service.startup = Duration.ofNanos(System.nanoTime() - begun);
        service.startupRssMb = service.statusMb("VmRSS");
        stripe.setWebhookUrl(service.webhookUrl());
        return service;
    }

    private void awaitHealthy(Duration limit, Path log) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("UP")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        close();
        throw new IllegalStateException("The service did not become healthy within " + limit + "; see " + log);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Duration startup() {
        return startup;
    }

    /** The resident set right after the service first answered healthy. */
    public double startupRssMb() {
        return startupRssMb;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public String webhookUrl() {
        return baseUrl() + "/api/payments/webhook";
    }

    /** The JDK's jstat next to the service's java, for reading its heap without touching it. */
    public String jstat() {
        return jdkTool("jstat");
    }

    /** A JDK tool ({@code jstat}, {@code jcmd}) next to the service's java, else from the PATH. */
    public String jdkTool(String name) {
        Path java = Path.of(javaBin);
        Path sibling = java.getParent() == null ? null : java.getParent().resolve(name);
        return sibling != null && Files.isExecutable(sibling) ? sibling.toString() : name;
    }

    /** The service JVM's maximum heap in MB, from {@code jcmd VM.flags}; NaN when it cannot be read. */
    public double maxHeapMb() {
        try {
            Process jcmd = new ProcessBuilder(jdkTool("jcmd"), Long.toString(pid()), "VM.flags")
                    .redirectErrorStream(true).start();
            String flags = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor();
            java.util.regex.Matcher max = java.util.regex.Pattern.compile("MaxHeapSize=(\\d+)").matcher(flags);
            return max.find() ? Long.parseLong(max.group(1)) / 1048576.0 : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** A line of /proc/PID/status in MB ({@code VmRSS}, {@code VmHWM}); -1 when unreadable. */
    public double statusMb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the service as a deployment would (SIGTERM, graceful shutdown), forcibly after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
