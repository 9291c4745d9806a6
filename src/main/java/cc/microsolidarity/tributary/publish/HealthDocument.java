package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.SourceStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The {@code /health} JSON: overall status, the config's reload state, and per source its
 * state, last success, last error, failures in a row and item count. "ok" when every enabled
 * source is fine, "degraded" when some fail (the daemon still serves), never a 5xx for that.
 */
public final class HealthDocument {
  private final ObjectMapper mapper = new ObjectMapper();

  public byte[] render(List<SourceStatus> sources, Instant startedAt, String configError,
      Instant lastPublished) {
    ObjectNode root = mapper.createObjectNode();
    boolean degraded = configError != null || sources.stream().anyMatch(s ->
        s.state() == SourceStatus.State.FAILING || s.state() == SourceStatus.State.BACKING_OFF);
    root.put("status", degraded ? "degraded" : "ok");
    root.put("started_at", time(startedAt));
    root.put("last_published", time(lastPublished));
    ObjectNode config = root.putObject("config");
    config.put("status", configError == null ? "ok" : "invalid");
    config.put("last_error", configError);
    ArrayNode list = root.putArray("sources");
    for (SourceStatus s : sources) {
      ObjectNode o = list.addObject();
      o.put("id", s.id());
      o.put("state", s.state().wireName());
      if (s.lastStatus() == 0) o.putNull("last_status"); else o.put("last_status", s.lastStatus());
      o.put("last_success", time(s.lastSuccess()));
      o.put("last_error", s.lastError());
      o.put("consecutive_failures", s.consecutiveFailures());
      o.put("items", s.items());
      o.put("next_poll", time(s.nextPoll()));
    }
    try {
      return mapper.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("health JSON", e);
    }
  }

  private static String time(Instant t) {
    return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }
}
