package cc.microsolidarity.tributary.cli;

import cc.microsolidarity.tributary.model.SourceStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sources", mixinStandardHelpOptions = true,
    description = "Show each source's state: last status, last success, last error, "
        + "failures in a row, items and next poll.")
final class SourcesCommand implements Callable<Integer> {
  private static final DateTimeFormatter TABLE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  @Mixin CommonOptions options;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print a JSON array instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Loaded loaded = Loaded.from(options);
    List<SourceStatus> statuses = loaded.storedStatuses();
    if (!loaded.databaseExists()) {
      spec.commandLine().getErr().println("no database at " + loaded.settings().database()
          + " yet: no source has been polled");
      spec.commandLine().getErr().flush();
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? json(statuses) : table(statuses));
    out.flush();
    return ExitCodes.OK;
  }

  static String json(List<SourceStatus> statuses) throws Exception {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode array = mapper.createArrayNode();
    for (SourceStatus s : statuses) {
      ObjectNode o = array.addObject();
      o.put("id", s.id());
      o.put("kind", s.kind().wireName());
      o.put("url", s.url().toString());
      o.put("effective_url", s.effectiveUrl().toString());
      o.put("state", s.state().wireName());
      if (s.lastStatus() == 0) o.putNull("last_status"); else o.put("last_status", s.lastStatus());
      o.put("last_success", rfc3339(s.lastSuccess()));
      o.put("last_error", s.lastError());
      o.put("consecutive_failures", s.consecutiveFailures());
      o.put("items", s.items());
      o.put("next_poll", rfc3339(s.nextPoll()));
    }
    return mapper.writeValueAsString(array) + System.lineSeparator();
  }

  static String rfc3339(Instant t) {
    return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  static String table(List<SourceStatus> statuses) {
    // Times are UTC whatever the machine's zone, as in the logs: the headers say so.
    String[] head = {"ID", "KIND", "STATE", "STATUS", "LAST SUCCESS (UTC)", "FAILS", "ITEMS",
        "NEXT POLL (UTC)", "URL", "LAST ERROR"};
    List<String[]> rows = new ArrayList<>();
    rows.add(head);
    for (SourceStatus s : statuses) {
      String marker = switch (s.state()) {
        case OK -> "ok";
        case FAILING -> "! failing";
        case BACKING_OFF -> "! backing-off";
        case DISABLED -> "- disabled";
      };
      String url = s.url().toString();
      if (!s.effectiveUrl().equals(s.url())) {
        url = url + " -> " + s.effectiveUrl();
      }
      rows.add(new String[] {s.id(), s.kind().wireName(), marker,
          s.lastStatus() == 0 ? "-" : String.valueOf(s.lastStatus()),
          s.lastSuccess() == null ? "never" : TABLE_TIME.format(s.lastSuccess()),
          String.valueOf(s.consecutiveFailures()), String.valueOf(s.items()),
          s.nextPoll() == null ? "-" : TABLE_TIME.format(s.nextPoll()), url,
          s.lastError() == null ? "" : s.lastError()});
    }
    int[] widths = new int[head.length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(i == r.length - 1 ? r[i] : String.format("%-" + widths[i] + "s  ", r[i]));
      }
      b.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    return b.toString();
  }
}
