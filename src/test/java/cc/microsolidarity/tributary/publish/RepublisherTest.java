package cc.microsolidarity.tributary.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RepublisherTest {
  private static final Duration COALESCE = Duration.ofSeconds(2);

  @Test
  void aQuickRebuildWaitsOnlyTheCoalescingDelay() {
    assertThat(Republisher.delay(COALESCE, Duration.ZERO)).isEqualTo(COALESCE);
    assertThat(Republisher.delay(COALESCE, Duration.ofMillis(100))).isEqualTo(COALESCE);
  }

  @Test
  void aSlowRebuildIsFollowedByAPauseNineTimesAsLong() {
    // A rebuild of 1 s then 9 s of rest: rebuilding takes at most a tenth of one core.
    assertThat(Republisher.delay(COALESCE, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(9));
    assertThat(Republisher.delay(COALESCE, Duration.ofMillis(2500)))
        .isEqualTo(Duration.ofMillis(22_500));
  }

  @Test
  void theWaitNeverExceedsHalfAMinute() {
    assertThat(Republisher.delay(COALESCE, Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(30));
  }
}
