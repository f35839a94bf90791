package dev.checkstand.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the service's request threads spend their CPU: a JDK Flight Recorder recording started in the running
 * service with {@code jcmd} (after the measurements, so they are not perturbed), read back with the JFR consumer API,
 * and every execution sample of a Tomcat request thread put in the first category whose frames it contains.
 */
final class RequestProfile {

    /** Set on the profiled service so JFR keeps whole Spring stacks (the default of 64 frames cuts them). */
    static final String STACK_DEPTH = "-XX:FlightRecorderOptions:stackdepth=512";

    private record Category(String name, Predicate<List<String>> matches) {
    }

    // The first category whose test a sample's stack passes counts it. The insert runs on the inbox's writer threads
    // (group commit), the rest on Tomcat's request threads.
    private static final List<Category> CATEGORIES = List.of(
            new Category("the insert and its commit (inbox writer threads, JDBC)", frames -> has(frames, "InboxWriter.")),
            new Category("signature check (HMAC)", frames -> has(frames, "WebhookSignatures.verify")),
            new Category("event JSON parse", frames -> has(frames, "StripeWebhooks.envelope")),
            new Category("rest of the handler (receipt, metrics, hand-over)", frames -> has(frames, "WebhookReceipt.")),
            new Category("the direct route: body read, fixed answer", frames -> has(frames, "DirectWebhooks.")),
            new Category("MVC around the handler (body, answer JSON, mapping)", frames -> has(frames, "DispatcherServlet.doService")),
            new Category("Spring Security filters: their observations (Micrometer)", frames -> has(frames, "FilterChainProxy")
                    && frames.stream().anyMatch(f -> f.startsWith("io.micrometer") || f.contains("Observation"))),
            new Category("Spring Security filters: the filters", frames -> has(frames, "FilterChainProxy")),
            new Category("HTTP server observation (Micrometer)", frames -> has(frames, "ServerHttpObservationFilter")),
            new Category("Tomcat (HTTP parsing, I/O) and other", frames -> true));

    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private int samples;

    private static boolean has(List<String> frames, String part) {
        for (String frame : frames) {
            if (frame.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** Records the service for as long as {@code load} runs, then reads the recording. */
    static RequestProfile record(ServiceProcess service, Path dir, Runnable load) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path file = dir.resolve("service-" + service.pid() + ".jfr");
        // Execution samples every 10 ms (as the JDK's "profile" settings take them) and nothing else, so the
        // recording stays small and is read back in seconds.
        Path settings = dir.resolve("execution-samples.jfc");
        Files.writeString(settings, """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration version="2.0" label="bench" description="Execution samples only">
                  <event name="jdk.ExecutionSample">
                    <setting name="enabled">true</setting>
                    <setting name="period">10 ms</setting>
                  </event>
                </configuration>
                """);
        jcmd(service, "JFR.start", "name=bench", "settings=" + settings);
        load.run();
        jcmd(service, "JFR.dump", "name=bench", "filename=" + file);
        jcmd(service, "JFR.stop", "name=bench");
        RequestProfile profile = new RequestProfile();
        CATEGORIES.forEach(c -> profile.counts.put(c.name(), 0));
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getThread("sampledThread") == null
                    || event.getStackTrace() == null) {
                continue;
            }
            String thread = event.getThread("sampledThread").getJavaName();
            if (thread == null || !(thread.startsWith("http-nio") || thread.startsWith("inbox-writer"))) {
                continue;
            }
            List<String> frames = new ArrayList<>();
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
            }
            profile.samples++;
            for (Category category : CATEGORIES) {
                if (category.matches().test(frames)) {
                    profile.counts.merge(category.name(), 1, Integer::sum);
                    break;
                }
            }
        }
        return profile;
    }

    private static void jcmd(ServiceProcess service, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(service.jdkTool("jcmd"), Long.toString(service.pid())));
        args.addAll(List.of(command));
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + out);
        }
    }

    int samples() {
        return samples;
    }

    /** The share of request-thread samples in a category, 0..1. */
    double share(String prefix) {
        return samples == 0 ? 0 : counts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToInt(Map.Entry::getValue).sum() / (double) samples;
    }

    /** A markdown table of the categories. */
    String table() {
        return "| where request-thread CPU goes | share of samples |\n|---|---|\n" + counts.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "| %s | %.0f %% |", e.getKey(), 100.0 * e.getValue() / Math.max(1, samples)))
                .collect(Collectors.joining("\n")) + "\n";
    }
}
