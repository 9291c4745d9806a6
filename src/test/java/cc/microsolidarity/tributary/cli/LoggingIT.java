package cc.microsolidarity.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.testing.SyntheticFarm;
import cc.microsolidarity.tributary.testing.TributaryProcess;
import cc.microsolidarity.tributary.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar logs as config/logback.xml says: set up in code when that file is the shipped
 * one (so logback's XML configurator never loads), read by logback when the operator edits it.
 */
class LoggingIT {
  private static final String JORAN = "ch.qos.logback.classic.joran.JoranConfigurator ";
  private static final List<String> CLASS_LOADS = List.of("-Xlog:class+load=info");
  /** A poll line in the shipped format: UTC time to the millisecond, level, logger. */
  private static final String SHIPPED_LINE =
      "(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"
          + " INFO  tributary\\.poll - s0 200 .*$";

  @TempDir Path dir;

  @Test
  void theShippedFileIsSetUpWithoutLogbacksXmlConfigurator() throws Exception {
    Files.createDirectories(dir.resolve("config"));
    Files.copy(Path.of("config", "logback.xml"), dir.resolve("config/logback.xml"));

    String output = poll();

    assertThat(output).containsPattern(SHIPPED_LINE).doesNotContain(JORAN);
  }

  @Test
  void withNoFileTheShippedConfigurationStillApplies() throws Exception {
    String output = poll();

    assertThat(dir.resolve("config/logback.xml")).doesNotExist();
    assertThat(output).containsPattern(SHIPPED_LINE).doesNotContain(JORAN);
  }

  @Test
  void anOperatorsEditIsReadByLogback() throws Exception {
    Files.createDirectories(dir.resolve("config"));
    String shipped = Files.readString(Path.of("config", "logback.xml"));
    Files.writeString(dir.resolve("config/logback.xml"),
        shipped.replace("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} ", "EDITED "));

    String output = poll();

    assertThat(output).contains(JORAN)
        .containsPattern("(?m)^EDITED INFO  tributary\\.poll - s0 200 ")
        .doesNotContainPattern(SHIPPED_LINE);
  }

  /**
   * Under the C locale (systemd's and cron's, often) Java would write every non-ASCII letter as
   * '?': the log, the command's output and its errors are UTF-8 whatever the locale.
   */
  @Test
  void underTheCLocaleTheLogAndOutputAreUtf8() throws Exception {
    Map<String, String> cLocale = Map.of("LC_ALL", "C", "LANG", "C");
    try (FeedFarm farm = new FeedFarm()
        .serve("/broken.xml", "<rss version=\"2.0\"><chännel></rss>", "application/rss+xml")) {
      new Workspace(dir).settings("").feeds(Map.of("broken", farm.url("/broken.xml")), 10);
      TributaryProcess.Exit poll =
          TributaryProcess.exec(dir, Duration.ofSeconds(60), List.of(), cLocale, "poll");
      assertThat(poll.output()).containsPattern("(?m) WARN  tributary\\.poll - broken failed: "
          + "XML error .*\"chännel\"");

      TributaryProcess.Exit sources =
          TributaryProcess.exec(dir, Duration.ofSeconds(60), List.of(), cLocale, "sources");
      assertThat(sources.output()).contains("\"chännel\"");
    }
    Files.writeString(dir.resolve("feeds.yaml"),
        Files.readString(dir.resolve("feeds.yaml")).replace("title:", "tïtle:"));
    TributaryProcess.Exit validate =
        TributaryProcess.exec(dir, Duration.ofSeconds(60), List.of(), cLocale, "validate");
    assertThat(validate.output()).contains("unknown key 'tïtle'");
  }

  private String poll() throws Exception {
    try (SyntheticFarm farm = new SyntheticFarm(3)) {
      new Workspace(dir).settings("").feeds(Workspace.farmSources(farm, 1), 10);
      TributaryProcess.Exit poll =
          TributaryProcess.exec(dir, Duration.ofSeconds(60), CLASS_LOADS, "poll");
      assertThat(poll.code()).as(poll.output()).isZero();
      return poll.output();
    }
  }
}
