package cc.microsolidarity.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while the daemon starts (a large database's check can take minutes) ends it at once
 * and says so, rather than the JVM's silent exit.
 */
class StopWhileStartingIT {
  @TempDir Path dir;

  @Test
  void aStopWhileStartingIsLoggedAndEndsTheProcess() throws Exception {
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(dir.resolve("config/tributary.yaml"), "http: { host: 127.0.0.1 }\n");
    // feeds.yaml as a named pipe nobody writes: reading it holds the start where it is, with
    // the HTTP server already answering /health.
    Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("feeds.yaml").toString())
        .inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();

    try (JarProcess daemon = JarProcess.run(dir, "128m")
        .awaitServing(http, Duration.ofSeconds(20))) {
      try (Response health = http.newCall(new Request.Builder().url(daemon.url("/health"))
          .build()).execute()) {
        assertThat(health.body().string()).isEqualTo("{\"status\":\"starting\"}");
      }

      assertThat(daemon.terminate(Duration.ofSeconds(15))).as(daemon.log()).isEqualTo(143);
      assertThat(daemon.log())
          .contains("INFO  tributary - stop asked for while starting: exiting now");
    }
  }
}
