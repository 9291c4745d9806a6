package cc.microsolidarity.tributary.publish;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.SourceKind;
import cc.microsolidarity.tributary.model.SourceStatus;
import cc.microsolidarity.tributary.model.SourceStatus.State;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthDocumentTest {
  private static final Instant STARTED = Instant.parse("2026-11-29T04:00:00.250Z");
  private static final Instant PUBLISHED = Instant.parse("2026-11-29T04:01:02.999Z");

  private static SourceStatus status(String id, State state, int lastStatus, Instant success,
      String error, int failures, long items, Instant next) {
    URI url = URI.create("https://example.org/" + id + ".xml");
    return new SourceStatus(id, SourceKind.BLOG, url, url, state, lastStatus, success, success,
        error, failures, items, next, null, null);
  }

  private final HealthDocument health = new HealthDocument("1.2.3");

  @Test
  void listsEverySourceWithItsStateInTheWireShapeOperatorsScriptAgainst() {
    byte[] json = health.render(List.of(
        status("ok-blog", State.OK, 200, Instant.parse("2026-11-29T04:00:30.5Z"), null, 0, 12,
            Instant.parse("2026-11-29T05:00:30Z")),
        status("never-polled", State.OK, 0, null, null, 0, 0, null)),
        STARTED, null, PUBLISHED);

    assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{"
        + "\"status\":\"ok\",\"version\":\"1.2.3\",\"started_at\":\"2026-11-29T04:00:00Z\","
        + "\"last_published\":\"2026-11-29T04:01:02Z\","
        + "\"config\":{\"status\":\"ok\",\"last_error\":null},"
        + "\"sources\":["
        + "{\"id\":\"ok-blog\",\"state\":\"ok\",\"last_status\":200,"
        + "\"last_success\":\"2026-11-29T04:00:30Z\",\"last_error\":null,"
        + "\"consecutive_failures\":0,\"items\":12,\"next_poll\":\"2026-11-29T05:00:30Z\"},"
        + "{\"id\":\"never-polled\",\"state\":\"ok\",\"last_status\":null,"
        + "\"last_success\":null,\"last_error\":null,"
        + "\"consecutive_failures\":0,\"items\":0,\"next_poll\":null}]}");
  }

  @Test
  void aFailingOrBackingOffSourceDegradesTheWholeButADisabledOneDoesNot() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    SourceStatus disabled = status("gone", State.DISABLED, 410, null, "410 Gone", 1, 3, null);
    SourceStatus failing = status("down", State.FAILING, 500, null, "HTTP 500", 1, 0, null);
    SourceStatus backingOff = status("slow", State.BACKING_OFF, 503, null, "HTTP 503", 4, 0,
        null);

    assertThat(mapper.readTree(health.render(List.of(disabled), STARTED, null, null))
        .path("status").asText()).isEqualTo("ok");
    JsonNode degraded = mapper.readTree(
        health.render(List.of(disabled, failing), STARTED, null, null));
    assertThat(degraded.path("status").asText()).isEqualTo("degraded");
    assertThat(degraded.path("last_published").isNull()).isTrue();
    assertThat(degraded.path("sources").get(1).path("last_error").asText()).isEqualTo("HTTP 500");
    assertThat(mapper.readTree(health.render(List.of(backingOff), STARTED, null, null))
        .path("sources").get(0).path("state").asText()).isEqualTo("backing-off");
    assertThat(mapper.readTree(health.render(List.of(backingOff), STARTED, null, null))
        .path("status").asText()).isEqualTo("degraded");
  }

  @Test
  void aRejectedConfigDegradesItAndCarriesTheValidatorsMessageEscaped() throws Exception {
    String problems = "feeds.yaml:12:5: unknown key \"intervall\"\nfeeds.yaml:20:3: bad URL";
    JsonNode doc = new ObjectMapper().readTree(health.render(List.of(), STARTED, problems, null));

    assertThat(doc.path("status").asText()).isEqualTo("degraded");
    assertThat(doc.path("config").path("status").asText()).isEqualTo("invalid");
    assertThat(doc.path("config").path("last_error").asText()).isEqualTo(problems);
    assertThat(doc.path("sources").isArray()).isTrue();
    assertThat(doc.path("sources").size()).isZero();
  }

  @Test
  void tenThousandSourcesMakeOneWellFormedDocument() throws Exception {
    List<SourceStatus> many = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      many.add(status("s-" + i, State.OK, 200, STARTED, null, 0, i, null));
    }
    JsonNode doc = new ObjectMapper().readTree(health.render(many, STARTED, null, null));

    assertThat(doc.path("sources").size()).isEqualTo(10_000);
    assertThat(doc.path("sources").get(9_999).path("items").asLong()).isEqualTo(9_999);
  }
}
