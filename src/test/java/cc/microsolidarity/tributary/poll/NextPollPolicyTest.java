package cc.microsolidarity.tributary.poll;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.fetch.FetchResult;
import cc.microsolidarity.tributary.fetch.FetchResult.Reason;
import cc.microsolidarity.tributary.fetch.Validators;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class NextPollPolicyTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);

  private final NextPollPolicy policy = new NextPollPolicy();

  @Test
  void successWithoutHintsWaitsOneInterval() {
    assertThat(policy.afterSuccess(HOUR, null, null, NOW)).isEqualTo(NOW.plus(HOUR));
  }

  @Test
  void aHintShorterThanTheIntervalDoesNotMakeUsPollFaster() {
    assertThat(policy.afterSuccess(HOUR, Duration.ofMinutes(5), Duration.ofMinutes(10), NOW))
        .isEqualTo(NOW.plus(HOUR));
  }

  @Test
  void theLongerOfCacheHintAndFeedRefreshHintWins() {
    assertThat(policy.afterSuccess(HOUR, Duration.ofHours(3), Duration.ofHours(2), NOW))
        .isEqualTo(NOW.plusSeconds(3 * 3600));
    assertThat(policy.afterSuccess(HOUR, Duration.ofHours(2), Duration.ofHours(5), NOW))
        .isEqualTo(NOW.plusSeconds(5 * 3600));
  }

  @Test
  void aFeedCannotPushItselfBeyondOneDay() {
    assertThat(policy.afterSuccess(HOUR, Duration.ofDays(30), Duration.ofDays(7), NOW))
        .isEqualTo(NOW.plus(Duration.ofHours(24)));
  }

  @Test
  void anIntervalLongerThanOneDayIsKept() {
    Duration twoDays = Duration.ofDays(2);
    assertThat(policy.afterSuccess(twoDays, Duration.ofDays(30), null, NOW))
        .isEqualTo(NOW.plus(twoDays));
    assertThat(policy.afterFailure(twoDays, Reason.NETWORK, null, 3, NOW))
        .isEqualTo(NOW.plus(twoDays));
  }

  @ParameterizedTest(name = "failure {0} of a 1 h source waits {1} h")
  @CsvSource({"0, 1", "1, 2", "2, 4", "3, 8", "4, 16", "5, 24", "6, 24", "40, 24",
      "2147483647, 24"})
  void failuresBackOffExponentiallyUpToOneDay(int consecutiveFailures, int hours) {
    assertThat(policy.afterFailure(HOUR, Reason.HTTP_ERROR, null, consecutiveFailures, NOW))
        .isEqualTo(NOW.plus(Duration.ofHours(hours)));
  }

  @Test
  void backoffGrowsWithFailuresAndResetsOnSuccess() {
    FetchResult failed = new FetchResult.Failed(Reason.TIMEOUT, 0, "read timed out", null, null, 5);
    FetchResult ok = new FetchResult.NotModified(Validators.NONE, null, null, 5);

    Instant first = policy.next(HOUR, failed, null, 1, NOW);
    Instant second = policy.next(HOUR, failed, null, 2, NOW);
    Instant third = policy.next(HOUR, failed, null, 3, NOW);
    Instant afterRecovery = policy.next(HOUR, ok, null, 0, NOW);

    assertThat(first).isEqualTo(NOW.plus(Duration.ofHours(2)));
    assertThat(second).isEqualTo(NOW.plus(Duration.ofHours(4)));
    assertThat(third).isEqualTo(NOW.plus(Duration.ofHours(8)));
    assertThat(afterRecovery).isEqualTo(NOW.plus(HOUR));
  }

  @Test
  void retryAfterIsHonouredInsteadOfBackoff() {
    assertThat(policy.afterFailure(HOUR, Reason.RATE_LIMITED, Duration.ofHours(3), 5, NOW))
        .isEqualTo(NOW.plus(Duration.ofHours(3)));
  }

  @Test
  void aShortRetryAfterDoesNotMakeUsPollFasterThanTheInterval() {
    assertThat(policy.afterFailure(HOUR, Reason.RATE_LIMITED, Duration.ofSeconds(1), 1, NOW))
        .isEqualTo(NOW.plus(HOUR));
  }

  @Test
  void retryAfterIsCappedAtOneDay() {
    assertThat(policy.afterFailure(HOUR, Reason.RATE_LIMITED, Duration.ofDays(365), 1, NOW))
        .isEqualTo(NOW.plus(Duration.ofHours(24)));
  }

  @Test
  void rateLimitedWithoutRetryAfterBacksOff() {
    assertThat(policy.afterFailure(HOUR, Reason.RATE_LIMITED, null, 2, NOW))
        .isEqualTo(NOW.plus(Duration.ofHours(4)));
  }

  @Test
  void goneDisablesTheSource() {
    FetchResult gone = new FetchResult.Failed(Reason.GONE, 410, "HTTP 410 Gone", null, null, 5);
    assertThat(policy.next(HOUR, gone, null, 1, NOW)).isNull();
  }

  @ParameterizedTest
  @EnumSource(value = Reason.class, names = "GONE", mode = EnumSource.Mode.EXCLUDE)
  void everyOtherFailureGetsAnotherTry(Reason reason) {
    assertThat(policy.afterFailure(HOUR, reason, null, 1, NOW)).isAfter(NOW);
  }

  @Test
  void aFetchedResultUsesItsCacheHint() {
    FetchResult fetched = new FetchResult.Fetched(200, new byte[0], "application/rss+xml",
        Validators.NONE, java.net.URI.create("https://example.org/feed"), null,
        Duration.ofHours(6), 5);
    assertThat(policy.next(HOUR, fetched, null, 0, NOW)).isEqualTo(NOW.plus(Duration.ofHours(6)));
  }
}
