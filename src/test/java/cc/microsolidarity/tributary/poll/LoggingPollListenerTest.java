package cc.microsolidarity.tributary.poll;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.model.SourceKind;
import cc.microsolidarity.tributary.poll.PollOutcome.Status;
import cc.microsolidarity.tributary.store.StoreOutcome;
import cc.microsolidarity.tributary.testing.LogLines;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoggingPollListenerTest {
  final Source blog = new Source("blog", SourceKind.BLOG, URI.create("https://b.example/feed"),
      Duration.ofHours(1), null, List.of(), List.of(), true);

  /** What the listener logs of these outcomes, as "LEVEL message". */
  List<String> logged(LoggingPollListener listener, PollOutcome... outcomes) {
    try (LogLines log = LogLines.of("tributary.poll")) {
      for (PollOutcome o : outcomes) {
        listener.pollFinished(blog, o);
      }
      return log.lines();
    }
  }

  @Test
  void aFailureNamesTheReasonAndTheNextTryToTheSecond() {
    PollOutcome failed = new PollOutcome("blog", Status.FAILED, 200, "not a feed: HTML page",
        null, null, 0, 512, 143, Instant.parse("2026-12-07T21:36:59.017617632Z"));
    assertThat(logged(new LoggingPollListener(), failed)).containsExactly(
        "WARN blog failed: not a feed: HTML page (status 200, 143 ms, next try"
            + " 2026-12-07T21:36:59Z)");
  }

  @Test
  void aFailureWithoutAnHttpStatusDoesNotSayStatusZero() {
    PollOutcome refused = new PollOutcome("blog", Status.FAILED, 0, "connection refused", null,
        null, 0, 0, 70, Instant.parse("2026-12-08T00:54:04Z"));
    assertThat(logged(new LoggingPollListener(), refused)).containsExactly(
        "WARN blog failed: connection refused (70 ms, next try"
            + " 2026-12-08T00:54:04Z)");
  }

  @Test
  void aFeedThatIsGoneSaysItWillNotBePolledAgainAndWhatBringsItBack() {
    PollOutcome gone = new PollOutcome("blog", Status.FAILED, 410, "HTTP 410 Client Error", null,
        null, 0, 0, 48, null);
    assertThat(logged(new LoggingPollListener(), gone)).containsExactly(
        "WARN blog failed: HTTP 410 Client Error (status 410, 48 ms, not polled again until its"
            + " URL in feeds.yaml changes)");
  }

  @Test
  void aFetchCountsItsItemsInWords() {
    PollOutcome one = new PollOutcome("blog", Status.FETCHED, 200, null, null,
        new StoreOutcome(0, 0, 0, 1, 0), 1, 27645, 131, Instant.parse("2026-12-07T21:58:51Z"));
    PollOutcome three = new PollOutcome("blog", Status.FETCHED, 200, null, null,
        new StoreOutcome(1, 1, 0, 0, 1), 3, 9000, 80, Instant.parse("2026-12-07T21:58:51Z"));
    assertThat(logged(new LoggingPollListener(), one, three)).containsExactly(
        "INFO blog 200 27645 bytes, 1 item: 0 new, 0 updated, 0 merged, 0 filtered, 131 ms",
        "INFO blog 200 9000 bytes, 3 items: 1 new, 1 updated, 0 merged, 1 filtered, 80 ms");
  }

  @Test
  void quietLogsTheFailuresAlone() {
    PollOutcome fetched = new PollOutcome("blog", Status.FETCHED, 200, null, "stripped UTF-8 BOM",
        new StoreOutcome(1, 0, 0, 0, 0), 1, 900, 80, Instant.parse("2026-12-07T21:58:51Z"));
    PollOutcome same = new PollOutcome("blog", Status.NOT_MODIFIED, 304, null, null,
        StoreOutcome.NOTHING, 0, 0, 12, Instant.parse("2026-12-07T21:58:51Z"));
    PollOutcome failed = new PollOutcome("blog", Status.FAILED, 500, "HTTP 500", null, null, 0,
        0, 30, Instant.parse("2026-12-07T23:00:00Z"));
    assertThat(logged(new LoggingPollListener(true), fetched, same, failed)).containsExactly(
        "WARN blog failed: HTTP 500 (status 500, 30 ms, next try 2026-12-07T23:00:00Z)");
  }
}
