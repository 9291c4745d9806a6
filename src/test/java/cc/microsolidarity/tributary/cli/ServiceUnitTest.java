package cc.microsolidarity.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The systemd unit the README gives operators to copy. systemd has no comment after a value:
 * "WorkingDirectory=/srv/tributary   # holds …" made the whole line the directory, and
 * CacheDirectory's line was rejected ({@code systemd-analyze verify}: "Invalid syntax").
 */
class ServiceUnitTest {
  @Test
  void theReadmesUnitIsOnlySectionsCommentLinesAndPlainSettings() throws IOException {
    List<String> unit = unitLines();
    assertThat(unit).isNotEmpty();
    Map<String, String> service = new LinkedHashMap<>();
    String section = "";
    for (String line : unit) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[")) {
        assertThat(line).as("a section header").matches("\\[[A-Za-z]+\\]");
        section = line;
        continue;
      }
      assertThat(line).as("a setting").matches("[A-Za-z]+=\\S.*");
      assertThat(line).as("systemd reads a comment after a value as part of it")
          .doesNotContain("#").doesNotEndWith(" ");
      if (section.equals("[Service]")) {
        int eq = line.indexOf('=');
        service.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    assertThat(service).containsKeys("User", "WorkingDirectory", "CacheDirectory", "ExecStart")
        .containsEntry("SuccessExitStatus", "143")
        // systemctl reload: the daemon takes SIGHUP as "read feeds.yaml now".
        .containsEntry("ExecReload", "/bin/kill -HUP $MAINPID");
    assertThat(service.get("WorkingDirectory")).startsWith("/").doesNotContain(" ");
    assertThat(service.get("ExecStart")).endsWith(" run")
        .contains("-XX:SharedArchiveFile=" + service.get("WorkingDirectory") + "/tributary.jsa");
  }

  /** The lines of the README's ```ini block. */
  private static List<String> unitLines() throws IOException {
    List<String> out = new ArrayList<>();
    boolean inside = false;
    for (String line : Files.readAllLines(Path.of("README.md"))) {
      if (line.equals("```ini")) {
        inside = true;
      } else if (inside && line.equals("```")) {
        break;
      } else if (inside) {
        out.add(line);
      }
    }
    return out;
  }
}
