package cc.microsolidarity.tributary.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonSettingsLoaderTest {
  @TempDir Path dir;
  final DaemonSettingsLoader loader = new DaemonSettingsLoader();

  @Test
  void anAbsentDefaultFileMeansDefaultsButAnAbsentNamedFileIsAnError() throws Exception {
    assertThat(loader.load(dir.resolve("none.yaml"), false)).isEqualTo(DaemonSettings.defaults());
    assertThatThrownBy(() -> loader.load(dir.resolve("none.yaml"), true))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .singleElement().asString().endsWith("none.yaml:1:1: file not found"));
  }

  @Test
  void readsEverySetting() throws Exception {
    Path f = dir.resolve("t.yaml");
    Files.writeString(f, """
        database: /var/lib/tributary/t.db
        out: /srv/www
        http: { host: 127.0.0.1, port: 9090 }
        fetch:
          concurrency: 4
          per_host: 1
          connect_timeout: 5s
          read_timeout: 20s
          call_timeout: 45s
          max_body_mib: 8
          contact: "mailto:ops@example.org"
        schedule: { first_round: 30s }
        """);
    DaemonSettings s = loader.load(f, true);
    assertThat(s.database()).isEqualTo(Path.of("/var/lib/tributary/t.db"));
    assertThat(s.httpPort()).isEqualTo(9090);
    assertThat(s.perHost()).isEqualTo(1);
    assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(s.maxBodyBytes()).isEqualTo(8L * 1024 * 1024);
    assertThat(s.contact()).isEqualTo("mailto:ops@example.org");
    assertThat(s.firstRound()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void reportsEveryProblemWithItsPosition() throws Exception {
    Path f = dir.resolve("t.yaml");
    Files.writeString(f, """
        http:
          port: 80800
        fetch:
          concurency: 4
          read_timeout: soon
        """);
    assertThatThrownBy(() -> loader.load(f, true))
        .isInstanceOfSatisfying(ConfigException.class, e ->
            assertThat(e.problems()).extracting(p -> p.mark().line() + ":" + p.mark().column()
                + ": " + p.message()).containsExactly(
                "2:9: 'port' must be between 0 and 65535, not 80800",
                "4:3: unknown key 'concurency' in 'fetch' (did you mean 'concurrency'?)",
                "5:17: 'read_timeout' is not a duration: 'soon'"
                + " (a number with s, m, h or d, e.g. 30s, 6h, 1h30m)"));
  }
}
