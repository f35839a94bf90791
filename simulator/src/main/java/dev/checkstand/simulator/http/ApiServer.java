package dev.checkstand.simulator.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.checkstand.simulator.api.DaemonThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The JDK HTTP server the simulator listens with, handling requests on a pool of daemon threads. */
public final class ApiServer implements AutoCloseable {

  private static final int BACKLOG = 1024;

  static {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs on
    // keep-alive connections, costing ~40 ms per request. Read once, when the server class loads.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService threads;

  private ApiServer(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /** Binds {@code port} (0 = any free port) on all interfaces and serves each path prefix with its handler. */
  public static ApiServer start(int port, Map<String, HttpHandler> handlers) {
    return start("Stripe simulator", "stripe-sim-http", port, handlers);
  }

  /** Like {@link #start(int, Map)}, naming the simulator in errors and its threads {@code <threadPrefix>-n}. */
  public static ApiServer start(String name, String threadPrefix, int port, Map<String, HttpHandler> handlers) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), BACKLOG);
    } catch (BindException e) {
      throw new UncheckedIOException(name + " cannot listen on port " + port
          + ": it is already in use. Choose another port, or 0 for any free one.", e);
    } catch (IOException e) {
      throw new UncheckedIOException(name + " cannot listen on port " + port, e);
    }
    int size = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());
    ExecutorService threads = Executors.newFixedThreadPool(size, DaemonThreads.named(threadPrefix));
    handlers.forEach(server::createContext);
    server.setExecutor(threads);
    server.start();
    return new ApiServer(server, threads);
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
