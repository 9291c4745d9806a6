package cc.microsolidarity.tributary.store;

/**
 * What one fetch did to the entries: new entries, edited ones, ones merged into an entry
 * another source or key already had (duplicates), untouched ones, and filtered-out ones.
 */
public record StoreOutcome(int added, int updated, int merged, int unchanged, int filtered) {
  public static final StoreOutcome NOTHING = new StoreOutcome(0, 0, 0, 0, 0);

  public boolean changedEntries() {
    return added > 0 || updated > 0 || merged > 0;
  }
}
