package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.SourceStatus;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The {@code /health} JSON: overall status, the running version (which build answers, after
 * an upgrade), the config's reload state, and per source its
 * state, last success, last error, failures in a row and item count. "ok" when every enabled
 * source is fine, "degraded" when some fail (the daemon still serves), never a 5xx for that.
 */
public final class HealthDocument {
  // Streamed rather than built as a tree: the daemon renders it every few seconds while polls
  // finish, and at 10,000 sources a tree is 10,000 short-lived objects each time.
  private final JsonFactory json = new JsonFactory();
  private final String version;

  public HealthDocument(String version) {
    this.version = version;
  }

  public byte[] render(List<SourceStatus> sources, Instant startedAt, String configError,
      Instant lastPublished) {
    boolean degraded = configError != null || sources.stream().anyMatch(s ->
        s.state() == SourceStatus.State.FAILING || s.state() == SourceStatus.State.BACKING_OFF);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + 192 * sources.size());
    try (JsonGenerator g = json.createGenerator(bytes)) {
      g.writeStartObject();
      g.writeStringField("status", degraded ? "degraded" : "ok");
      g.writeStringField("version", version);
      g.writeStringField("started_at", time(startedAt));
      g.writeStringField("last_published", time(lastPublished));
      g.writeObjectFieldStart("config");
      g.writeStringField("status", configError == null ? "ok" : "invalid");
      g.writeStringField("last_error", configError);
      g.writeEndObject();
      g.writeArrayFieldStart("sources");
      for (SourceStatus s : sources) {
        g.writeStartObject();
        g.writeStringField("id", s.id());
        g.writeStringField("state", s.state().wireName());
        g.writeFieldName("last_status");
        if (s.lastStatus() == 0) g.writeNull(); else g.writeNumber(s.lastStatus());
        g.writeStringField("last_success", time(s.lastSuccess()));
        g.writeStringField("last_error", s.lastError());
        g.writeNumberField("consecutive_failures", s.consecutiveFailures());
        g.writeNumberField("items", s.items());
        g.writeStringField("next_poll", time(s.nextPoll()));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("health JSON", e);
    }
    return bytes.toByteArray();
  }

  private static String time(Instant t) {
    return t == null ? null : Times.rfc3339(t);
  }
}
