package dev.checkstand.simulator.bench;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import dev.checkstand.simulator.StripeSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * Create-and-confirm throughput of an in-process simulator, no faults, no webhook endpoint.
 * Each worker repeats: POST /v1/payment_intents, then POST /v1/payment_intents/{id}/confirm with
 * pm_card_visa, each with its own Idempotency-Key as stripe-java sends. Not a test: run it with
 * {@code ./mvnw -q -B -pl simulator test-compile exec:java
 * -Dexec.mainClass=dev.checkstand.simulator.bench.CreateConfirmBenchmark -Dexec.classpathScope=test
 * -Dexec.args="--seconds 30 --threads 8 --client raw"}.
 */
public final class CreateConfirmBenchmark {

  private CreateConfirmBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = option(args, "--seconds", 30);
    int warmup = option(args, "--warmup", 5);
    int threads = option(args, "--threads", 8);
    String client = text(args, "--client", "raw");
    try (StripeSimulator simulator = StripeSimulator.builder().port(0).start()) {
      Worker worker = client.equals("stripe-java") ? new StripeJavaWorker(simulator)
          : new RawWorker(simulator.baseUrl(), simulator.secretKey());
      System.out.printf("Create+confirm, %s client, %d threads, %d s warm-up, %d s measured, %d cores,"
          + " Java %s%n", client, threads, warmup, seconds, Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));
      run(worker, threads, warmup);
      Result result = run(worker, threads, seconds);
      System.gc();
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      long heapMb = memory.getHeapMemoryUsage().getUsed() / (1024 * 1024);
      System.out.printf("requests: %d in %.1f s = %.0f requests/s (%.0f payments/s), errors: %d%n",
          result.requests, result.seconds, result.requests / result.seconds,
          result.requests / result.seconds / 2, result.errors);
      System.out.printf("latency per request: p50 %.2f ms, p99 %.2f ms; heap after GC: %d MB;"
          + " events kept: %d%n", result.p50Millis, result.p99Millis, heapMb,
          simulator.eventIds(null).size());
    }
  }

  private static Result run(Worker worker, int threads, int seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    LongAdder requests = new LongAdder();
    LongAdder errors = new LongAdder();
    List<Future<long[]>> samples = new ArrayList<>();
    long started = System.nanoTime();
    long deadline = started + seconds * 1_000_000_000L;
    for (int i = 0; i < threads; i++) {
      samples.add(pool.submit(() -> loop(worker, deadline, requests, errors)));
    }
    long[] latencies = new long[0];
    for (Future<long[]> sample : samples) {
      long[] more = sample.get();
      long[] merged = Arrays.copyOf(latencies, latencies.length + more.length);
      System.arraycopy(more, 0, merged, latencies.length, more.length);
      latencies = merged;
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    pool.shutdown();
    Arrays.sort(latencies);
    return new Result(requests.sum(), errors.sum(), elapsed, percentile(latencies, 0.50),
        percentile(latencies, 0.99));
  }

  private static long[] loop(Worker worker, long deadline, LongAdder requests, LongAdder errors) {
    long[] latencies = new long[1 << 16];
    int count = 0;
    while (System.nanoTime() < deadline) {
      long start = System.nanoTime();
      try {
        String id = worker.create();
        long created = System.nanoTime();
        worker.confirm(id);
        long confirmed = System.nanoTime();
        requests.add(2);
        if (count + 2 <= latencies.length) {
          latencies[count++] = created - start;
          latencies[count++] = confirmed - created;
        }
      } catch (RuntimeException e) {
        errors.increment();
      }
    }
    return Arrays.copyOf(latencies, count);
  }

  private static double percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, sorted.length * p)] / 1e6;
  }

  private static int option(String[] args, String name, int fallback) {
    return Integer.parseInt(text(args, name, String.valueOf(fallback)));
  }

  private static String text(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  private record Result(long requests, long errors, double seconds, double p50Millis,
      double p99Millis) {}

  private interface Worker {
    String create();

    void confirm(String id);
  }

  /** stripe-java itself, as the service uses it. */
  private static final class StripeJavaWorker implements Worker {

    private final StripeClient stripe;

    StripeJavaWorker(StripeSimulator simulator) {
      this.stripe = StripeClient.builder().setApiKey(simulator.secretKey())
          .setApiBase(simulator.baseUrl()).build();
    }

    @Override
    public String create() {
      try {
        PaymentIntent intent = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
            .setAmount(2000L).setCurrency("usd").setPaymentMethod("pm_card_visa").build());
        return intent.getId();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void confirm(String id) {
      try {
        stripe.v1().paymentIntents().confirm(id, PaymentIntentConfirmParams.builder().build());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Plain HttpURLConnection keep-alive requests with the same form bodies and headers, so the client costs less CPU. */
  private static final class RawWorker implements Worker {

    private final String baseUrl;
    private final String authorization;

    RawWorker(String baseUrl, String secretKey) {
      this.baseUrl = baseUrl;
      this.authorization = "Bearer " + secretKey;
    }

    @Override
    public String create() {
      String body = post("/v1/payment_intents", "amount=2000&currency=usd&payment_method=pm_card_visa");
      int start = body.indexOf("\"id\":\"") + 6;
      return body.substring(start, body.indexOf('"', start));
    }

    @Override
    public void confirm(String id) {
      post("/v1/payment_intents/" + id + "/confirm", "");
    }

    private String post(String path, String form) {
      try {
        HttpURLConnection connection = (HttpURLConnection) new URL(baseUrl + path).openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Authorization", authorization);
        connection.setRequestProperty("Idempotency-Key", UUID.randomUUID().toString());
        connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        try (OutputStream out = connection.getOutputStream()) {
          out.write(form.getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
          String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          if (status != 200) {
            throw new IllegalStateException(status + " " + body);
          }
          return body;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
