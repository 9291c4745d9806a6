package cc.microsolidarity.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.testing.Sql;
import cc.microsolidarity.tributary.testing.TryFolder;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The followed copy of the source states always equals the table read whole. */
class StateFollowerTest {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path dir;
  private final SourceStateStore store = new SourceStateStore();

  enum Kind { SAVE, VACUUM, EDIT_BY_HAND, DELETE_BY_HAND }

  /**
   * A save by the store, a VACUUM, or an operator's edit or delete of one row from a sqlite3
   * shell (another connection, which changes rows in place).
   */
  record Step(Kind kind, int source, int failures) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step = Combinators.combine(
        Arbitraries.frequency(Tuple.of(10, Kind.SAVE), Tuple.of(1, Kind.VACUUM),
            Tuple.of(2, Kind.EDIT_BY_HAND), Tuple.of(2, Kind.DELETE_BY_HAND)),
        Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 3))
        .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(30);
  }

  @Property(tries = 100)
  void theCopyEqualsTheTableAfterEveryChange(@ForAll("steps") List<Step> steps)
      throws Exception {
    StateFollower follower = new StateFollower(store);
    try (TryFolder tries = TryFolder.create("states");
        Database db = Database.open(tries.resolve("t.db"));
        Sql shell = new Sql(tries.resolve("t.db"))) {
      int n = 0;
      for (Step step : steps) {
        String id = "s" + step.source();
        switch (step.kind()) {
          case SAVE -> {
            SourceState s = state(id, step.failures(), n++);
            db.transaction(c -> {
              store.save(c, s);
              return null;
            });
          }
          case VACUUM -> db.read(c -> {
            try (Statement s = c.createStatement()) {
              s.execute("VACUUM");
            }
            return null;
          });
          case EDIT_BY_HAND -> shell.execute("UPDATE source_state SET consecutive_failures = "
              + step.failures() + ", next_due = NULL WHERE source_id = '" + id + "'");
          case DELETE_BY_HAND -> shell.execute(
              "DELETE FROM source_state WHERE source_id = '" + id + "'");
        }
        Map<String, SourceState> followed = db.read(follower::read);
        Map<String, SourceState> whole = db.read(store::all);
        assertThat(followed).as("after %s", step).isEqualTo(whole);
      }
    }
  }

  @Test
  void aSaveIsReadAloneAfterwardsEvenWhenItReplacesTheLastRow() {
    try (Database db = Database.open(dir.resolve("t.db"))) {
      db.transaction(c -> {
        for (int i = 0; i < 50; i++) {
          store.save(c, state("s" + i, 0, i));
        }
        return null;
      });
      SourceStateStore.Saved first = db.read(c -> store.savedAfter(c, 0));
      assertThat(first.states()).hasSize(50);
      SourceState replaced = state("s49", 2, 99); // the row read last
      db.transaction(c -> {
        store.save(c, replaced);
        return null;
      });
      SourceStateStore.Saved next = db.read(c -> store.savedAfter(c, first.lastRowid()));
      assertThat(next.states()).isEqualTo(Map.of("s49", replaced));
      assertThat(next.lastRowid()).isGreaterThan(first.lastRowid());
      SourceStateStore.Saved none = db.read(c -> store.savedAfter(c, next.lastRowid()));
      assertThat(none.states()).isEmpty();
      assertThat(none.lastRowid()).isEqualTo(next.lastRowid());
    }
  }

  private static SourceState state(String id, int failures, int attempt) {
    Instant at = T0.plusSeconds(attempt);
    return new SourceState(id, URI.create("https://example.org/" + id), null, "\"e" + attempt
        + "\"", null, null, at, failures == 0 ? at : null, failures == 0 ? 304 : 500,
        failures == 0 ? null : "HTTP 500", null, failures, at.plusSeconds(3600), null, null,
        failures == 0 ? Duration.ofMinutes(attempt % 3 * 30) : null);
  }
}
