package cc.microsolidarity.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountedTest {
  @Test
  void onlyOneTakesTheSingular() {
    assertThat(Counted.of(1, "source")).isEqualTo("1 source");
    assertThat(Counted.of(0, "source")).isEqualTo("0 sources");
    assertThat(Counted.of(2, "problem")).isEqualTo("2 problems");
    assertThat(Counted.of(1_000, "item")).isEqualTo("1000 items");
  }
}
