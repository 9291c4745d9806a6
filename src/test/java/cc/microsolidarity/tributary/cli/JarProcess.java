package cc.microsolidarity.tributary.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The real jar started as a separate process, as an operator would run it, with its output
 * captured to a file (shown when a test fails).
 */
final class JarProcess implements AutoCloseable {
  final Path workDir;
  final int port;
  final Process process;
  final Path log;

  private JarProcess(Path workDir, int port, Process process, Path log) {
    this.workDir = workDir;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  static Path jar() {
    Path jar = Path.of(System.getProperty("tributary.jar", "target/tributary.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("build the jar first (mvn package): " + jar);
    }
    return jar.toAbsolutePath();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts {@code run} in {@code workDir} (which holds feeds.yaml and config/). */
  static JarProcess run(Path workDir, String maxHeap, String... extra) throws IOException {
    int port = freePort();
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap, "-jar", jar().toString(), "run", "--port", String.valueOf(port)));
    cmd.addAll(List.of(extra));
    Path log = workDir.resolve("daemon.log");
    Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    return new JarProcess(workDir, port, p, log);
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** Waits until the server answers /health. */
  JarProcess awaitServing(OkHttpClient http, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("daemon exited with " + process.exitValue() + ":\n" + log());
      }
      try (Response r = http.newCall(new Request.Builder().url(url("/health")).build())
          .execute()) {
        if (r.code() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("daemon not serving within " + limit + ":\n" + log());
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(cannot read log: " + e + ")";
    }
  }

  /** SIGTERM, then the exit code (or -1 if it did not stop within {@code limit}). */
  int terminate(Duration limit) throws InterruptedException {
    process.destroy();
    if (process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      return process.exitValue();
    }
    return -1;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
