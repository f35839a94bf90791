package dev.checkstand.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starting, waiting for and stopping the suite's child processes. */
final class Processes {

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code command} with {@code environment} added, its output appended to {@code log}. */
    static Process start(List<String> command, Map<String, String> environment, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("STRIPE_") || k.startsWith("SPRING_") || k.startsWith("CHECKSTAND_")
                || k.startsWith("PRINTFUL_") || k.equals("SERVER_PORT") || k.startsWith("JAVA_TOOL_OPTIONS"));
        env.putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + command, e);
        }
    }

    /** Waits until {@code url} answers {@code 2xx} (or, with {@code anyAnswer}, anything), or fails. */
    static void awaitAnswer(Process process, String url, boolean anyAnswer, Duration limit, Path log) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(url + ": the process exited with " + process.exitValue() + "; see " + log);
            }
            Http.Answer answer = Http.get(url, Map.of());
            if (answer.status() > 0 && (anyAnswer || answer.ok())) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException(url + " did not answer within " + limit + "; see " + log);
    }

    /** SIGTERM, then SIGKILL after {@code grace}. */
    static void stop(Process process, Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    private Processes() {
    }
}
