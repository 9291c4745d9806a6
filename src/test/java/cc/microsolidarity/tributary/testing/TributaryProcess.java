package cc.microsolidarity.tributary.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The real jar started as a separate process, as an operator runs it, output captured to a
 * file in its work folder. Public twin of the {@code cli} tests' helper, with what the
 * survival tests need on top: SIGKILL, the pid, one-shot commands with a time limit.
 */
public final class TributaryProcess implements AutoCloseable {
  private static final java.util.regex.Pattern SERVING =
      java.util.regex.Pattern.compile("serving http://[^:/]+:(\\d+)/");

  private final Path workDir;
  private final Process process;
  private final Path log;
  /** Where this run's output starts in the (shared, appended) log file. */
  private final long logStart;
  private volatile int port = -1;

  private TributaryProcess(Path workDir, Process process, Path log, long logStart) {
    this.workDir = workDir;
    this.process = process;
    this.log = log;
    this.logStart = logStart;
  }

  public static Path jar() {
    Path jar = Path.of(System.getProperty("tributary.jar", "target/tributary.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("build the jar first (mvn package): " + jar);
    }
    return jar.toAbsolutePath();
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static List<String> java(String maxHeap, String... jvmOptions) {
    return java(jar(), maxHeap, jvmOptions);
  }

  private static List<String> java(Path jar, String maxHeap, String... jvmOptions) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + maxHeap));
    cmd.addAll(List.of(jvmOptions));
    cmd.addAll(List.of("-jar", jar.toString()));
    return cmd;
  }

  /**
   * Starts {@code run} in {@code workDir} (which holds feeds.yaml and config/) on a port the
   * daemon picks itself ({@code --port 0}, read back from its log): no other process on this
   * machine can take the port between our choosing it and the daemon binding it.
   */
  public static TributaryProcess run(Path workDir, String maxHeap, String... extra)
      throws IOException {
    return run(workDir, maxHeap, List.of(), extra);
  }

  /** {@link #run(Path, String, String...)} with JVM options before {@code -jar}. */
  public static TributaryProcess run(Path workDir, String maxHeap, List<String> jvmOptions,
      String... extra) throws IOException {
    return run(workDir, maxHeap, jvmOptions, Map.of(), extra);
  }

  /** {@link #run(Path, String, List, String...)} with more environment variables. */
  public static TributaryProcess run(Path workDir, String maxHeap, List<String> jvmOptions,
      Map<String, String> env, String... extra) throws IOException {
    return start(java(maxHeap, jvmOptions.toArray(String[]::new)), workDir, env, extra);
  }

  /** {@link #run(Path, String, String...)} from another copy of the jar. */
  public static TributaryProcess runFrom(Path jar, Path workDir, String maxHeap)
      throws IOException {
    return start(java(jar, maxHeap), workDir, Map.of());
  }

  private static TributaryProcess start(List<String> cmd, Path workDir, Map<String, String> env,
      String... extra) throws IOException {
    cmd.addAll(List.of("run", "--port", "0"));
    cmd.addAll(List.of(extra));
    Path log = workDir.resolve("daemon.log");
    long start = Files.exists(log) ? Files.size(log) : 0;
    ProcessBuilder builder = new ProcessBuilder(cmd).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    Process p = builder.start();
    return new TributaryProcess(workDir, p, log, start);
  }

  /** A one-shot command's exit code and its stdout + stderr. */
  public record Exit(int code, String output) {}

  /**
   * Runs a one-shot command ({@code validate}, {@code poll}, {@code sources --json}) in
   * {@code workDir}; kills it and fails when it takes longer than {@code limit}.
   */
  public static Exit exec(Path workDir, Duration limit, String... args) throws Exception {
    return exec(workDir, limit, List.of(), args);
  }

  /** {@link #exec(Path, Duration, String...)} with more JVM options before {@code -jar}. */
  public static Exit exec(Path workDir, Duration limit, List<String> jvmOptions, String... args)
      throws Exception {
    return exec(workDir, limit, jvmOptions, Map.of(), args);
  }

  /** {@link #exec(Path, Duration, List, String...)} with more environment variables. */
  public static Exit exec(Path workDir, Duration limit, List<String> jvmOptions,
      Map<String, String> env, String... args) throws Exception {
    // One-shot commands: the quick-starting compiler only (they live a second or two).
    List<String> options = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1"));
    options.addAll(jvmOptions);
    List<String> cmd = java("256m", options.toArray(String[]::new));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(workDir, "exec", ".out");
    ProcessBuilder builder = new ProcessBuilder(cmd).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(out.toFile());
    builder.environment().putAll(env);
    Process p = builder.start();
    try {
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(String.join(" ", args) + " did not finish within " + limit
            + ":\n" + Files.readString(out, StandardCharsets.UTF_8));
      }
      return new Exit(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(out);
    }
  }

  /** The bound port, once the daemon has logged it (see {@link #awaitServing}). */
  public int port() {
    if (port < 0) {
      java.util.regex.Matcher m = SERVING.matcher(ownLog());
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
      }
    }
    return port;
  }

  /** This run's part of the log. */
  private String ownLog() {
    try {
      byte[] all = Files.exists(log) ? Files.readAllBytes(log) : new byte[0];
      int from = (int) Math.min(logStart, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Process process() {
    return process;
  }

  public Path workDir() {
    return workDir;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** Waits until the server answers /health with 200. */
  public TributaryProcess awaitServing(OkHttpClient http, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("daemon exited with " + process.exitValue() + ":\n" + log());
      }
      if (port() > 0) {
        try (Response r = http.newCall(new Request.Builder().url(url("/health")).build())
            .execute()) {
          if (r.code() == 200) {
            return this;
          }
        } catch (IOException notYet) {
          // not answering yet
        }
      }
      Thread.sleep(25);
    }
    throw new AssertionError("daemon not serving within " + limit + ":\n" + log());
  }

  public String log() {
    try {
      // Leniently: a hostile feed's bytes may be quoted in the log.
      return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read log: " + e + ")";
    }
  }

  /** The last {@code chars} of the log, for assertion messages. */
  public String logTail(int chars) {
    String l = log();
    return l.length() <= chars ? l : "..." + l.substring(l.length() - chars);
  }

  /** SIGTERM, then the exit code (or -1 if it did not stop within {@code limit}). */
  public int terminate(Duration limit) throws InterruptedException {
    process.destroy();
    if (process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      return process.exitValue();
    }
    return -1;
  }

  /** SIGKILL (kill -9 on Linux) and wait until the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new AssertionError("process " + pid() + " survived SIGKILL");
    }
  }

  /** Waits for the process to exit on its own; the exit code, or -1 after {@code limit}. */
  public int awaitExit(Duration limit) throws InterruptedException {
    return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
