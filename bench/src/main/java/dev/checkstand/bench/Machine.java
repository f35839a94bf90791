package dev.checkstand.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The machine the figures come from, and how busy it was while each was measured: the load average, and the CPU
 * spent by processes that are not part of the benchmark (another build on the same two cores shows up there).
 */
public final class Machine {

    private final Supplier<Map<String, Set<Long>>> groups;

    /**
     * {@code groups} names the benchmark's processes (e.g. "service", "postgres"); this JVM and any other child of it
     * count as "harness".
     */
    public Machine(Supplier<Map<String, Set<Long>>> groups) {
        this.groups = groups;
    }

    /** How busy the machine was during one measurement, in cores used on average, by group and by everyone else. */
    public record Conditions(String loadBefore, String loadAfter, Map<String, Double> cores, double otherCores,
            double seconds) {

        /** Milliseconds of CPU a group spent per unit of work, over {@code units} done in the window. */
        public double cpuMillisPer(String group, double units) {
            return cores.getOrDefault(group, 0.0) * seconds * 1000 / units;
        }

        /** True when other processes used a fifth of a core or more: the figure should be measured again. */
        public boolean busy() {
            return otherCores >= 0.2;
        }

        public String describe() {
            StringBuilder text = new StringBuilder("load ").append(loadBefore).append(" → ").append(loadAfter)
                    .append("; cores used:");
            cores.forEach((group, used) -> text.append(String.format(" %s %.2f,", group, used)));
            return text.append(String.format(" other processes %.2f", otherCores)).toString();
        }
    }

    /** A measurement window: call {@link #end()} when the measurement is over. */
    public final class Window {

        private final String loadBefore = loadAverage();
        private final long started = System.nanoTime();
        private final long busyBefore;
        private final long totalBefore;
        private final Map<String, Long> before;

        private Window() {
            long[] cpu = cpu();
            busyBefore = cpu[0];
            totalBefore = cpu[1];
            before = groupJiffies();
        }

        public Conditions end() {
            long[] cpu = cpu();
            Map<String, Long> after = groupJiffies();
            double elapsedCores = (cpu[1] - totalBefore) / (double) Runtime.getRuntime().availableProcessors();
            Map<String, Double> cores = new LinkedHashMap<>();
            double own = 0;
            for (Map.Entry<String, Long> group : after.entrySet()) {
                double used = elapsedCores <= 0 ? 0 : (group.getValue() - before.getOrDefault(group.getKey(), 0L)) / elapsedCores;
                cores.put(group.getKey(), Math.max(0, used));
                own += Math.max(0, used);
            }
            double busy = elapsedCores <= 0 ? 0 : (cpu[0] - busyBefore) / elapsedCores;
            return new Conditions(loadBefore, loadAverage(), cores, Math.max(0, busy - own),
                    (System.nanoTime() - started) / 1e9);
        }
    }

    public Window begin() {
        return new Window();
    }

    /** The 1, 5 and 15 minute load averages. */
    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    public static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static long memoryTotalMb() {
        return meminfo("MemTotal:") / 1024;
    }

    public static String kernel() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }

    private static long meminfo(String key) {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith(key))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    // [busy, total] jiffies summed over all CPUs.
    private static long[] cpu() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]);
            long iowait = Long.parseLong(f[5]);
            long irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            long busy = user + nice + system + irq + softirq + steal;
            return new long[] {busy, busy + idle + iowait};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private Map<String, Long> groupJiffies() {
        Map<String, Set<Long>> named = groups.get();
        Set<Long> seen = new HashSet<>();
        Map<String, Long> jiffies = new LinkedHashMap<>();
        named.forEach((group, pids) -> {
            long sum = 0;
            for (long pid : pids) {
                if (seen.add(pid)) {
                    sum += processJiffies(pid);
                }
            }
            jiffies.put(group, sum);
        });
        Set<Long> harness = new HashSet<>();
        harness.add(ProcessHandle.current().pid());
        ProcessHandle.current().descendants().forEach(p -> harness.add(p.pid()));
        long sum = 0;
        for (long pid : harness) {
            if (seen.add(pid)) {
                sum += processJiffies(pid);
            }
        }
        jiffies.put("harness", sum);
        return jiffies;
    }

    /**
     * utime + stime of one process, 0 when it is gone; for a process whose parent is not this JVM (PostgreSQL's
     * postmaster) also the CPU of its children that have exited (cutime + cstime), so backends that close during a
     * measurement still count.
     */
    static long processJiffies(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            boolean reapsOthers = Long.parseLong(f[1]) != ProcessHandle.current().pid() && pid != ProcessHandle.current().pid();
            return reapsOthers && Machine.postmasters.contains(pid) ? own + Long.parseLong(f[13]) + Long.parseLong(f[14]) : own;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static final Set<Long> postmasters = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Marks a PostgreSQL postmaster, whose exited backends' CPU is counted with it. */
    static void postmaster(long pid) {
        postmasters.add(pid);
    }

    /** The process and all processes whose parent it is (PostgreSQL's postmaster and its backends). */
    public static Set<Long> withChildren(long parent) {
        Set<Long> pids = new HashSet<>(List.of(parent));
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(f[1]) == parent) {
                        pids.add(Long.parseLong(dir.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // the process exited while listing
                }
            }
        } catch (IOException e) {
            return pids;
        }
        return pids;
    }
}
