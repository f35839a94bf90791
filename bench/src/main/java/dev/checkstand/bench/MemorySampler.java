package dev.checkstand.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Samples the service's resident set ({@code VmRSS} of /proc/PID/status) and its heap (through {@code jstat -gc},
 * which reads the JVM's perf-data file and so adds no work to the service) twice a second.
 */
public final class MemorySampler implements AutoCloseable {

    /** One sample; heap figures are -1 until jstat has answered. */
    public record Sample(double seconds, double rssMb, double heapUsedMb, double heapCommittedMb) {
    }

    /** Garbage collection so far: stop-the-world pauses (young and full) and their total seconds. */
    public record Gc(long pauses, double pauseSeconds) {

        public Gc minus(Gc earlier) {
            return new Gc(pauses - earlier.pauses, pauseSeconds - earlier.pauseSeconds);
        }

        public String describe() {
            return pauses == 0 ? "no GC pause" : String.format(java.util.Locale.ROOT, "%d GC pauses, %.0f ms in all (%.1f ms mean)",
                    pauses, pauseSeconds * 1000, pauseSeconds * 1000 / pauses);
        }
    }

    private final ServiceProcess service;
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final Process jstat;
    private final Thread reader;
    private final Thread sampler;
    private final long start = System.nanoTime();
    private volatile double heapUsed = -1;
    private volatile double heapCommitted = -1;
    private volatile Gc gc = new Gc(0, 0);
    private volatile boolean running = true;

    public MemorySampler(ServiceProcess service) {
        this.service = service;
        Process process = null;
        try {
            process = new ProcessBuilder(service.jstat(), "-gc", Long.toString(service.pid()), "500")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            System.err.println("jstat is not available; heap figures are left out: " + e.getMessage());
        }
        this.jstat = process;
        this.reader = new Thread(this::readJstat, "jstat-reader");
        this.reader.setDaemon(true);
        if (jstat != null) {
            reader.start();
        }
        this.sampler = new Thread(this::sample, "memory-sampler");
        this.sampler.setDaemon(true);
        this.sampler.start();
    }

    private void readJstat() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
            String[] columns = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 0 && fields[0].equals("S0C")) {
                    columns = fields;
                    continue;
                }
                if (columns == null || fields.length != columns.length) {
                    continue;
                }
                double used = 0;
                double committed = 0;
                long pauses = 0;
                double pauseSeconds = 0;
                for (int i = 0; i < columns.length; i++) {
                    switch (columns[i]) {
                        case "S0U", "S1U", "EU", "OU" -> used += Double.parseDouble(fields[i]);
                        case "S0C", "S1C", "EC", "OC" -> committed += Double.parseDouble(fields[i]);
                        case "YGC", "FGC" -> pauses += Long.parseLong(fields[i]);
                        case "YGCT", "FGCT" -> pauseSeconds += Double.parseDouble(fields[i]);
                        default -> {
                        }
                    }
                }
                heapUsed = used / 1024;
                heapCommitted = committed / 1024;
                gc = new Gc(pauses, pauseSeconds);
            }
        } catch (IOException | RuntimeException e) {
            // jstat ended
        }
    }

    private void sample() {
        while (running) {
            samples.add(new Sample((System.nanoTime() - start) / 1e9, service.statusMb("VmRSS"), heapUsed, heapCommitted));
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Pauses so far, as of jstat's last line (at most half a second old). */
    public Gc gc() {
        return gc;
    }

    public List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    public double maxRssMb() {
        return samples().stream().mapToDouble(Sample::rssMb).max().orElse(Double.NaN);
    }

    public double maxHeapUsedMb() {
        return samples().stream().mapToDouble(Sample::heapUsedMb).max().orElse(Double.NaN);
    }

    public double maxHeapCommittedMb() {
        return samples().stream().mapToDouble(Sample::heapCommittedMb).max().orElse(Double.NaN);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        if (jstat != null) {
            jstat.destroy();
        }
    }
}
