package dev.checkstand.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends pre-built requests over keep-alive connections, open-loop (a fixed schedule, latency counted from the time
 * each request was due, so a slow server cannot slow the generator down and hide its own queueing) or closed-loop
 * (a fixed number of clients, each sending its next request when the previous one is answered).
 */
public final class LoadGenerator {

    private static final int NOT_SENT = -2;
    private static final int IO_ERROR = -1;

    private final String host;
    private final int port;
    private final int timeoutMillis;

    public LoadGenerator(String host, int port, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * What a run measured. {@code latency} is from the scheduled time (open loop) or the send (closed loop) to the
     * last byte of the answer, for 2xx answers only; {@code service} is always from the send.
     */
    public record Run(int requests, int ok, int failed, int notSent, double seconds, Latencies latency, Latencies service,
            Map<Integer, Integer> statuses, long startNanos, long endNanos) {

        /** Successful answers per second over the run. */
        public double throughput() {
            return seconds <= 0 ? 0 : ok / seconds;
        }
    }

    /**
     * Sends {@code requests} at {@code rate} per second on up to {@code connections} connections. Requests that
     * could not be sent within the schedule plus {@code drain} count as not sent.
     */
    public Run openLoop(byte[][] requests, double rate, int connections, Duration drain) {
        int n = requests.length;
        double intervalNanos = 1e9 / rate;
        long start = System.nanoTime() + 20_000_000L;
        long deadline = start + (long) (n * intervalNanos) + drain.toNanos();
        Recorder recorder = new Recorder(n);
        AtomicInteger next = new AtomicInteger();
        runWorkers(connections, "open-loop", connection -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                long due = start + (long) (i * intervalNanos);
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
                if (now > deadline) {
                    recorder.record(i, NOT_SENT, 0, 0, 0);
                    continue;
                }
                send(connection, requests[i], i, due, now, recorder);
            }
        });
        return recorder.result(start);
    }

    /** Sends {@code requests} from {@code clients} closed-loop clients until all are answered or {@code limit} passes. */
    public Run closedLoop(byte[][] requests, int clients, Duration limit) {
        int n = requests.length;
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        Recorder recorder = new Recorder(n);
        AtomicInteger next = new AtomicInteger();
        runWorkers(clients, "closed-loop", connection -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                long now = System.nanoTime();
                if (now > deadline) {
                    recorder.record(i, NOT_SENT, 0, 0, 0);
                    continue;
                }
                send(connection, requests[i], i, now, now, recorder);
            }
        });
        return recorder.result(start);
    }

    private static void send(HttpConnection connection, byte[] request, int i, long due, long sent, Recorder recorder) {
        int status;
        try {
            status = connection.send(request);
        } catch (IOException e) {
            status = IO_ERROR;
        }
        long end = System.nanoTime();
        recorder.record(i, status, end - due, end - sent, end);
    }

    private interface Worker {
        void run(HttpConnection connection);
    }

    private void runWorkers(int count, String name, Worker worker) {
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Thread thread = new Thread(() -> {
                try (HttpConnection connection = new HttpConnection(host, port, timeoutMillis)) {
                    worker.run(connection);
                }
            }, name + "-" + k);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Per-request slots written by the request's own worker, read after all workers joined. */
    private static final class Recorder {

        private final int[] status;
        private final long[] latency;
        private final long[] service;
        private final long[] end;

        Recorder(int n) {
            status = new int[n];
            latency = new long[n];
            service = new long[n];
            end = new long[n];
        }

        void record(int i, int code, long fromDue, long fromSend, long at) {
            status[i] = code;
            latency[i] = fromDue;
            service[i] = fromSend;
            end[i] = at;
        }

        Run result(long start) {
            int n = status.length;
            long[] okLatency = new long[n];
            long[] okService = new long[n];
            int ok = 0;
            int failed = 0;
            int notSent = 0;
            long last = start;
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                statuses.merge(status[i], 1, Integer::sum);
                if (status[i] == NOT_SENT) {
                    notSent++;
                    continue;
                }
                last = Math.max(last, end[i]);
                if (status[i] >= 200 && status[i] < 300) {
                    okLatency[ok] = latency[i];
                    okService[ok] = service[i];
                    ok++;
                } else {
                    failed++;
                }
            }
            return new Run(n, ok, failed, notSent, (last - start) / 1e9, Latencies.of(okLatency, ok),
                    Latencies.of(okService, ok), statuses, start, last);
        }
    }
}
