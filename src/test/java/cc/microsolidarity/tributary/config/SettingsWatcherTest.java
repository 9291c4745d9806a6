package cc.microsolidarity.tributary.config;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.testing.LogLines;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An edit of tributary.yaml under a running daemon is told, never silently without effect. */
class SettingsWatcherTest {
  @TempDir Path dir;
  Path file;
  SettingsWatcher watcher;

  @BeforeEach
  void start() throws Exception {
    file = dir.resolve("tributary.yaml");
    Files.writeString(file, "http:\n  port: 8080\nfetch:\n  concurrency: 8\n");
    watcher = new SettingsWatcher(file, () -> new DaemonSettingsLoader().load(file, false));
    assertThat(watcher.readFirst().httpPort()).isEqualTo(8080);
  }

  @Test
  void anEditSaysWhatARestartWouldChange() throws Exception {
    assertThat(watcher.check()).isEmpty();
    try (LogLines log = LogLines.of("tributary.config")) {
      Files.writeString(file, "http:\n  port: 8081\nfetch:\n  concurrency: 4\n"
          + "  read_timeout: 90s\n");

      assertThat(watcher.check()).hasValue(file + " changed: http.port 8080 → 8081,"
          + " fetch.concurrency 8 → 4, fetch.read_timeout 30s → 1m30s. Settings take effect at"
          + " the next start: restart the daemon (a reload reads only feeds.yaml)");
      assertThat(log.lines()).singleElement().asString().startsWith("WARN " + file
          + " changed: http.port 8080 → 8081");
      // Told once per edit, not at every look.
      assertThat(watcher.check()).isEmpty();
      assertThat(log.lines()).hasSize(1);
    }
  }

  @Test
  void aSaveWithoutChangesIsNothing() throws Exception {
    Files.writeString(file, Files.readString(file));
    assertThat(watcher.check()).isEmpty();
  }

  @Test
  void anEditThatChangesNoSettingSaysSo() throws Exception {
    Files.writeString(file, "# the port\nhttp:\n  port: 8080\nfetch:\n  concurrency: 8\n");
    assertThat(watcher.check()).hasValue(
        file + " changed; its settings are still the ones the daemon runs on");
  }

  @Test
  void anInvalidEditSaysARestartWouldFailAndWhy() throws Exception {
    Files.writeString(file, "http:\n  prot: 8081\n");

    String told = watcher.check().orElseThrow();
    assertThat(told).startsWith(file + " has 1 problem; the daemon runs on the settings it"
        + " started with, but would not start with these:\n" + file + ":2:3: ")
        .contains("'prot'");
  }

  @Test
  void aDeletedOptionalFileMeansTheDefaults() throws Exception {
    Files.writeString(file, "fetch:\n  concurrency: 3\n  contact: \"https://x.example/about\"\n");
    assertThat(watcher.check()).isPresent();
    watcher = new SettingsWatcher(file, () -> new DaemonSettingsLoader().load(file, false));
    watcher.readFirst();
    Files.delete(file);

    assertThat(watcher.check()).hasValueSatisfying(told -> assertThat(told).contains(
        "changed: fetch.concurrency 3 → 8, fetch.contact https://x.example/about → (feed.link)"));
  }
}
