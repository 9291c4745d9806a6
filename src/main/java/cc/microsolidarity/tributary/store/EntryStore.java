package cc.microsolidarity.tributary.store;

import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.model.IdentityKey;
import cc.microsolidarity.tributary.model.Item;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * Entries, their identity keys and the sources that carried them (schema: V002__entries.sql,
 * numbered by V008__entry_numbers.sql). Entries are referred to by their number ({@code seq}, in
 * the order they were first stored) inside the database, and by their public id outside it.
 * Exactly-once is enforced by the primary key of {@code identity_keys} inside the caller's
 * transaction: a key has one owner, so two entries can never claim the same item.
 *
 * <p>Rules of {@link #store}, per candidate:
 * <ul>
 *   <li><b>Ambiguous keys.</b> A key carried by several different items of one fetch (a podcast
 *       linking every episode to its home page, a feed repeating one GUID) is not an identity:
 *       it is ignored for those items and, when each of them has another key, remembered in
 *       {@code ambiguous_keys} and ignored from then on. An item left with no usable key keeps
 *       its keys. Items of one fetch with identical keys are one item listed twice: the first
 *       counts, the rest are unchanged.
 *   <li><b>No entry</b> owns any key: a new entry with the proposed id (published = the item's
 *       date, else now), its keys and its source link.
 *   <li><b>One entry</b>: the same item. Missing keys are added, the source is linked, and if
 *       the content hash differs the stored item is replaced and {@code updated} set (the
 *       item's updated date if later, else now), keeping id and published. Content comes from
 *       one source only ({@code content_source}, the first that accepted it), so two sources
 *       with different show notes do not flip the entry back and forth. Nothing changed: no
 *       write at all.
 *   <li><b>Several entries</b> (the item's keys join them): merged into the one first seen (ties:
 *       published, then id). Keys and source links move to it; the others stay as tombstones
 *       ({@code merged_into}), so their ids are never minted or shown again.
 *   <li><b>Filtered</b> ({@code accepted=false}): stored like any other, with the source link
 *       marked rejected, so the item is known (not new next time) but shown only if another
 *       source accepts it. A filter change flips the link; the entry keeps its id and published
 *       date, so it never comes back as a new entry.
 * </ul>
 * Not thread-safe on its own: callers serialise through {@link Database}.
 */
public final class EntryStore {
  private final Clock clock;
  private final ItemCodec codec = new ItemCodec();

  public EntryStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Stores one fetch's candidates; call inside {@link Database#transaction}. */
  public StoreOutcome store(Connection c, String sourceId, List<Candidate> candidates)
      throws SQLException {
    return store(c, sourceId, prepare(candidates));
  }

  /**
   * Encodes a fetch's candidates for {@link #store(Connection, String, Prepared)}. Pure CPU and
   * thread-safe: call it before the transaction, which holds the database's single writer.
   */
  public Prepared prepare(List<Candidate> candidates) {
    List<Encoded> out = new ArrayList<>(candidates.size());
    for (Candidate cand : candidates) {
      ItemCodec.Encoded e = codec.encode(cand.item());
      out.add(new Encoded(cand, e.contentHash(), e.utf8()));
    }
    return new Prepared(out);
  }

  /** Stores one fetch's prepared candidates; call inside {@link Database#transaction}. */
  public StoreOutcome store(Connection c, String sourceId, Prepared prepared)
      throws SQLException {
    Objects.requireNonNull(sourceId, "sourceId");
    List<Candidate> candidates = prepared.candidates();
    long now = clock.instant().toEpochMilli();
    List<List<IdentityKey>> usable = usableKeys(c, candidates);
    int added = 0;
    int updated = 0;
    int merged = 0;
    int unchanged = 0;
    int filtered = 0;
    Set<Set<IdentityKey>> seen = new HashSet<>();
    // Keys an entry may own: stored before this fetch, or carried by an item stored in it.
    // An item with none is new for sure, and is inserted without asking for its owners.
    Set<IdentityKey> mayBeOwned = storedKeys(c, usable);
    for (int i = 0; i < candidates.size(); i++) {
      Candidate cand = candidates.get(i);
      List<IdentityKey> keys = usable.get(i);
      if (!seen.add(new HashSet<>(cand.keys()))) {
        if (cand.accepted()) {
          unchanged++;
        } else {
          filtered++;
        }
        continue; // the same item listed twice in one fetch
      }
      Result r = storeOne(c, sourceId, prepared.items.get(i), keys, mayBeOwned, now);
      mayBeOwned.addAll(keys);
      if (!cand.accepted()) {
        filtered++;
      } else {
        switch (r) {
          case ADDED -> added++;
          case UPDATED -> updated++;
          case MERGED -> merged++;
          case UNCHANGED -> unchanged++;
        }
      }
    }
    return new StoreOutcome(added, updated, merged, unchanged, filtered);
  }

  /**
   * Entries in the merged feed: carried and accepted by at least one of {@code activeSourceIds},
   * not tombstoned; newest published first, then newest first seen, then id. {@code
   * Entry.sourceIds} lists the accepting sources, active ones first, each group first-seen first.
   */
  public List<Entry> visible(Connection c, Set<String> activeSourceIds, int limit, int offset)
      throws SQLException {
    return visible(c, activeSourceIds, limit, offset, Pages.UNBOUNDED);
  }

  /**
   * How much of a long list to read: whole pages of {@code size} entries, and no page more
   * once the stored data read exceeds {@code dataChars} (the first page is always read).
   */
  public record Pages(int size, long dataChars) {
    static final Pages UNBOUNDED = new Pages(1, Long.MAX_VALUE);
  }

  /** {@link #visible(Connection, Set, int, int)}, read page by page within {@code pages}. */
  public List<Entry> visible(Connection c, Set<String> activeSourceIds, int limit, int offset,
      Pages pages) throws SQLException {
    if (activeSourceIds.isEmpty() || limit <= 0) {
      return List.of();
    }
    Walk walk = walkFor(c, activeSourceIds, limit + Math.max(0, offset));
    return visible(c, activeSourceIds, limit, offset, walk, pages);
  }

  /**
   * The two ways to find the newest visible entries; both give the same list. Walking every
   * stored entry newest first stops once it has enough, which is quick while the active sources
   * carry most of what is stored. When they carry little of it (most sources were removed from
   * feeds.yaml, or filters reject most of what they fetch) it reads nearly every stored entry:
   * 3 s a rebuild for 10 sources in a database 10,000 sources filled. Starting from the active
   * sources' links reads only their entries, then sorts them.
   */
  enum Walk {
    NEWEST_FIRST(" WHERE merged_into IS NULL AND EXISTS (SELECT 1 FROM entry_sources s"
        + " WHERE s.entry_seq = e.seq AND s.accepted = 1 AND +s.source_id IN (%s))"),
    FROM_SOURCES(" WHERE merged_into IS NULL AND seq IN (SELECT entry_seq FROM entry_sources"
        + " WHERE accepted = 1 AND source_id IN (%s))");

    private final String where;

    Walk(String where) {
      this.where = where;
    }

    String sql(int activeSources) {
      return "SELECT seq, id, data, published, updated, first_seen FROM entries e"
          + where.formatted(placeholders(activeSources))
          + " ORDER BY published DESC, first_seen DESC, id LIMIT ? OFFSET ?";
    }

    /**
     * The walk that reads fewer entries (an entry read costs about the same either way,
     * measured): newest first reads about {@code wanted × stored / carried} before it has
     * enough (every stored one when {@code carried < wanted}); from the sources, {@code
     * carried}.
     */
    static Walk cheaper(long carried, long stored, long wanted) {
      return (double) carried * carried < (double) wanted * stored ? FROM_SOURCES : NEWEST_FIRST;
    }
  }

  /** How {@link #visible} will look for the newest {@code wanted} entries of these sources. */
  Walk walkFor(Connection c, Collection<String> active, int wanted) throws SQLException {
    long carried;
    try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(entries), 0)"
        + " FROM source_counts WHERE source_id IN (" + placeholders(active.size()) + ")")) {
      int p = 1;
      for (String s : active) {
        ps.setString(p++, s);
      }
      carried = single(ps);
    }
    long stored;
    // Entries are never deleted (a merge leaves a tombstone), so the last number counts them
    // without reading them.
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT coalesce(max(seq), 0) FROM entries")) {
      stored = single(ps);
    }
    return Walk.cheaper(carried, stored, wanted);
  }

  private static long single(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** {@link #visible} by the given walk. */
  List<Entry> visible(Connection c, Set<String> activeSourceIds, int limit, int offset,
      Walk walk) throws SQLException {
    return visible(c, activeSourceIds, limit, offset, walk, Pages.UNBOUNDED);
  }

  private List<Entry> visible(Connection c, Set<String> activeSourceIds, int limit, int offset,
      Walk walk, Pages pages) throws SQLException {
    if (activeSourceIds.isEmpty() || limit <= 0) {
      return List.of();
    }
    List<String> active = new ArrayList<>(activeSourceIds);
    String sql = walk.sql(active.size());
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int p = 1;
      for (String s : active) {
        ps.setString(p++, s);
      }
      ps.setInt(p++, limit);
      ps.setInt(p, Math.max(0, offset));
      try (ResultSet rs = ps.executeQuery()) {
        long chars = 0;
        while (rs.next()) {
          Row r = row(rs);
          rows.add(r);
          chars += r.data().length();
          if (chars > pages.dataChars() && rows.size() % pages.size() == 0) {
            break; // a whole page read, and the budget spent
          }
        }
      }
    }
    Map<Long, List<String>> sources = acceptingSources(c, rows, activeSourceIds);
    List<Entry> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(r.toEntry(codec, sources.getOrDefault(r.seq, List.of())));
    }
    return out;
  }

  /** A live (not merged-away) entry by id, with every accepting source, first-seen first. */
  public Optional<Entry> byId(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT seq, id, data, published, updated,"
        + " first_seen FROM entries WHERE id = ? AND merged_into IS NULL")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Row r = row(rs);
        return Optional.of(r.toEntry(codec,
            acceptingSources(c, List.of(r), Set.of()).getOrDefault(r.seq, List.of())));
      }
    }
  }

  /** The live entry an id now lives in: itself, or the entry it was merged into. */
  public Optional<String> resolve(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(m.id, e.id) FROM entries e"
        + " LEFT JOIN entries m ON m.seq = e.merged_into WHERE e.id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * Accepted, visible entries per source (sources with none are absent), from the counts the
   * schema's triggers keep: one row per source, however many entries are stored.
   */
  public java.util.Map<String, Long> countsBySource(Connection c) throws SQLException {
    java.util.Map<String, Long> counts = new java.util.HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT source_id, entries FROM source_counts WHERE entries > 0");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getLong(2));
      }
    }
    return counts;
  }

  /** Accepted, visible entries one source carries. */
  public long countForSource(Connection c, String sourceId) throws SQLException {
    return countsBySource(c).getOrDefault(sourceId, 0L);
  }

  // ---- storing ----

  /** A fetch's candidates with their stored JSON and content hash, from {@link #prepare}. */
  public static final class Prepared {
    private final List<Encoded> items;

    private Prepared(List<Encoded> items) {
      this.items = List.copyOf(items);
    }

    List<Candidate> candidates() {
      return items.stream().map(Encoded::candidate).toList();
    }
  }

  /** {@code json}: UTF-8, bound as a blob and stored as text ({@code CAST(? AS TEXT)}). */
  private record Encoded(Candidate candidate, String contentHash, byte[] json) {}

  private enum Result { ADDED, UPDATED, MERGED, UNCHANGED }

  private Result storeOne(Connection c, String sourceId, Encoded encoded,
      List<IdentityKey> keys, Set<IdentityKey> mayBeOwned, long now) throws SQLException {
    List<Owner> owners = anyIn(keys, mayBeOwned) ? owners(c, keys) : List.of();
    Candidate cand = encoded.candidate();
    Item item = cand.item();
    String hash = encoded.contentHash();
    if (owners.isEmpty()) {
      long published = Math.min(item.published() == null ? now : item.published().toEpochMilli(),
          now);
      long updated = item.updated() == null ? published
          : Math.min(Math.max(item.updated().toEpochMilli(), published), now);
      // Insert under the proposed id unless an entry has it already (rare: then a derived one).
      OptionalLong inserted = insertEntry(c, cand.proposedId(), encoded, sourceId, published,
          updated, now);
      long seq = inserted.isPresent() ? inserted.getAsLong() : insertEntry(c,
          freeId(c, cand.proposedId()), encoded, sourceId, published, updated, now).orElseThrow();
      // Plain INSERT: a key someone else owns is a constraint violation, never a duplicate.
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO identity_keys(kind, value, entry_seq) VALUES (?, ?, ?)")) {
        for (IdentityKey k : keys) {
          ps.setString(1, k.kind().name());
          ps.setString(2, k.value());
          ps.setLong(3, seq);
          ps.executeUpdate();
        }
      }
      insertLink(c, seq, sourceId, cand.accepted(), now);
      return Result.ADDED;
    }

    Owner survivor = owners.get(0);
    boolean mergedSeveral = owners.size() > 1;
    for (Owner other : owners.subList(1, owners.size())) {
      mergeInto(c, survivor.seq, other.seq);
    }
    addMissingKeys(c, survivor.seq, keys);
    Boolean linked = linkAccepted(c, survivor.seq, sourceId);
    boolean newLink = linked == null;
    if (newLink) {
      insertLink(c, survivor.seq, sourceId, cand.accepted(), now);
    } else if (linked != cand.accepted()) {
      try (PreparedStatement ps = c.prepareStatement("UPDATE entry_sources SET accepted = ?"
          + " WHERE entry_seq = ? AND source_id = ?")) {
        ps.setInt(1, cand.accepted() ? 1 : 0);
        ps.setLong(2, survivor.seq);
        ps.setString(3, sourceId);
        ps.executeUpdate();
      }
    }

    boolean contentOwner = survivor.contentSource.equals(sourceId);
    if (!contentOwner && cand.accepted()) {
      // the first source to accept an entry provides its content
      Boolean ownerAccepts = linkAccepted(c, survivor.seq, survivor.contentSource);
      contentOwner = ownerAccepts == null || !ownerAccepts;
    }
    if (contentOwner && !sameContent(c, survivor, encoded)) {
      long later = item.updated() == null ? Long.MIN_VALUE : item.updated().toEpochMilli();
      long updated = later > survivor.updated ? Math.min(later, now) : now;
      try (PreparedStatement ps = c.prepareStatement("UPDATE entries SET data = CAST(? AS TEXT),"
          + " content_hash = ?, content_source = ?, updated = ? WHERE seq = ?")) {
        ps.setBytes(1, encoded.json());
        ps.setString(2, hash);
        ps.setString(3, sourceId);
        ps.setLong(4, Math.max(updated, survivor.updated));
        ps.setLong(5, survivor.seq);
        ps.executeUpdate();
      }
      return Result.UPDATED;
    }
    return newLink || mergedSeveral ? Result.MERGED : Result.UNCHANGED;
  }

  /**
   * Whether the stored entry already has this content. A SHA-256 content hash stored by an
   * earlier version is compared as such and, when it matches, replaced by the fingerprint:
   * upgrading must never make a stored entry look edited, which would re-stamp it "updated"
   * in every reader.
   */
  private boolean sameContent(Connection c, Owner stored, Encoded encoded) throws SQLException {
    if (encoded.contentHash().equals(stored.contentHash)) {
      return true;
    }
    if (ItemCodec.isFingerprint(stored.contentHash)
        || !codec.sha256ContentHash(encoded.candidate().item()).equals(stored.contentHash)) {
      return false;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE entries SET content_hash = ? WHERE seq = ?")) {
      ps.setString(1, encoded.contentHash());
      ps.setLong(2, stored.seq);
      ps.executeUpdate();
    }
    return true;
  }

  /** The new entry's number; empty, writing nothing, when an entry already has {@code id}. */
  private static OptionalLong insertEntry(Connection c, String id, Encoded encoded,
      String sourceId, long published, long updated, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO entries(id, data,"
        + " content_hash, content_source, published, updated, first_seen)"
        + " VALUES (?, CAST(? AS TEXT), ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING RETURNING seq")) {
      ps.setString(1, id);
      ps.setBytes(2, encoded.json());
      ps.setString(3, encoded.contentHash());
      ps.setString(4, sourceId);
      ps.setLong(5, published);
      ps.setLong(6, updated);
      ps.setLong(7, now);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  /**
   * Per candidate, the keys that may identify it in this fetch (see the class comment), and
   * newly ambiguous keys recorded.
   */
  private List<List<IdentityKey>> usableKeys(Connection c, List<Candidate> candidates)
      throws SQLException {
    Map<IdentityKey, Set<Set<IdentityKey>>> carriers = new HashMap<>();
    Set<IdentityKey> all = new LinkedHashSet<>();
    for (Candidate cand : candidates) {
      Set<IdentityKey> set = new HashSet<>(cand.keys());
      for (IdentityKey k : cand.keys()) {
        carriers.computeIfAbsent(k, x -> new HashSet<>()).add(set);
        all.add(k);
      }
    }
    Set<IdentityKey> ambiguous = new HashSet<>();
    carriers.forEach((k, sets) -> {
      if (sets.size() > 1) {
        ambiguous.add(k);
      }
    });
    Set<IdentityKey> poisoned = knownAmbiguous(c, all);
    Set<IdentityKey> newlyPoisoned = new LinkedHashSet<>(ambiguous);
    List<List<IdentityKey>> out = new ArrayList<>();
    for (Candidate cand : candidates) {
      List<IdentityKey> keep = new ArrayList<>();
      for (IdentityKey k : new LinkedHashSet<>(cand.keys())) {
        if (!ambiguous.contains(k) && !poisoned.contains(k)) {
          keep.add(k);
        }
      }
      if (keep.isEmpty()) {
        // nothing else identifies it: keep its keys, and do not ban them for good
        keep.addAll(new LinkedHashSet<>(cand.keys()));
        newlyPoisoned.removeAll(cand.keys());
      }
      out.add(keep);
    }
    newlyPoisoned.removeAll(poisoned);
    if (!newlyPoisoned.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT OR IGNORE INTO ambiguous_keys(kind, value) VALUES (?, ?)")) {
        for (IdentityKey k : newlyPoisoned) {
          ps.setString(1, k.kind().name());
          ps.setString(2, k.value());
          ps.executeUpdate();
        }
      }
    }
    return out;
  }

  /** Of {@code keys}, those recorded as ambiguous: a few queries per fetch, not one per key. */
  private static Set<IdentityKey> knownAmbiguous(Connection c, Collection<IdentityKey> keys)
      throws SQLException {
    Set<IdentityKey> out = new HashSet<>();
    List<IdentityKey> all = List.copyOf(keys);
    for (int from = 0; from < all.size(); from += KEY_CHUNK) {
      List<IdentityKey> chunk = all.subList(from, Math.min(all.size(), from + KEY_CHUNK));
      try (PreparedStatement ps = c.prepareStatement(AMBIGUITY_QUERY)) {
        for (int i = 0; i < KEY_CHUNK; i++) {
          // a short chunk repeats its last value: one statement shape, prepared once
          ps.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1)).value());
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            IdentityKey k = new IdentityKey(IdentityKey.Kind.valueOf(rs.getString(1)),
                rs.getString(2));
            if (chunk.contains(k)) {
              out.add(k);
            }
          }
        }
      }
    }
    return out;
  }

  private static boolean anyIn(List<IdentityKey> keys, Set<IdentityKey> set) {
    for (IdentityKey k : keys) {
      if (set.contains(k)) {
        return true;
      }
    }
    return false;
  }

  /** Of the fetch's keys, those stored: a few queries per fetch, not one per item. */
  private static Set<IdentityKey> storedKeys(Connection c, List<List<IdentityKey>> keysPerItem)
      throws SQLException {
    Map<IdentityKey.Kind, List<String>> byKind = new EnumMap<>(IdentityKey.Kind.class);
    for (List<IdentityKey> keys : keysPerItem) {
      for (IdentityKey k : keys) {
        byKind.computeIfAbsent(k.kind(), x -> new ArrayList<>()).add(k.value());
      }
    }
    Set<IdentityKey> out = new HashSet<>();
    for (Map.Entry<IdentityKey.Kind, List<String>> e : byKind.entrySet()) {
      List<String> values = e.getValue();
      for (int from = 0; from < values.size(); from += KEY_CHUNK) {
        List<String> chunk = values.subList(from, Math.min(values.size(), from + KEY_CHUNK));
        try (PreparedStatement ps = c.prepareStatement(STORED_KEYS_QUERY)) {
          ps.setString(1, e.getKey().name());
          for (int i = 0; i < KEY_CHUNK; i++) {
            // a short chunk repeats its last value: one statement shape, prepared once
            ps.setString(i + 2, chunk.get(Math.min(i, chunk.size() - 1)));
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(new IdentityKey(e.getKey(), rs.getString(1)));
            }
          }
        }
      }
    }
    return out;
  }

  private static final int KEY_CHUNK = 64;
  private static final String STORED_KEYS_QUERY = "SELECT value FROM identity_keys"
      + " WHERE kind = ? AND value IN (" + placeholders(KEY_CHUNK) + ")";
  /** Every kind spelled out, so SQLite looks each (kind, value) up in the primary key. */
  private static final String AMBIGUITY_QUERY = "SELECT kind, value FROM ambiguous_keys"
      + " WHERE kind IN (" + String.join(", ", java.util.Arrays.stream(IdentityKey.Kind.values())
          .map(k -> "'" + k.name() + "'").toList()) + ") AND value IN ("
      + placeholders(KEY_CHUNK) + ")";

  private record Owner(long seq, String contentHash, String contentSource, long updated) {}

  /** Live entries owning any of the keys, first seen first: one indexed query. */
  private static List<Owner> owners(Connection c, List<IdentityKey> keys) throws SQLException {
    StringBuilder where = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) {
      where.append(i == 0 ? "" : " OR ").append("(k.kind = ? AND k.value = ?)");
    }
    String sql = "SELECT DISTINCT e.seq, e.content_hash, e.content_source, e.updated,"
        + " e.first_seen, e.published, e.id FROM identity_keys k"
        + " JOIN entries e ON e.seq = k.entry_seq"
        + " WHERE " + where + " ORDER BY e.first_seen, e.published, e.id";
    List<Owner> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int p = 1;
      for (IdentityKey k : keys) {
        ps.setString(p++, k.kind().name());
        ps.setString(p++, k.value());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Owner(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
        }
      }
    }
    return out;
  }

  /** Makes an entry, and the tombstones pointing at it, tombstones of the survivor. */
  static final String RETIRE =
      "UPDATE entries SET merged_into = ? WHERE seq = ? OR merged_into = ?";

  private static void mergeInto(Connection c, long survivor, long other) throws SQLException {
    exec(c, "UPDATE identity_keys SET entry_seq = ? WHERE entry_seq = ?", survivor, other);
    exec(c, "INSERT INTO entry_sources(entry_seq, source_id, accepted, first_seen)"
        + " SELECT ?, source_id, accepted, first_seen FROM entry_sources WHERE entry_seq = ?"
        + " ON CONFLICT(entry_seq, source_id) DO UPDATE SET"
        + " accepted = MAX(accepted, excluded.accepted),"
        + " first_seen = MIN(first_seen, excluded.first_seen)", survivor, other);
    exec(c, "DELETE FROM entry_sources WHERE entry_seq = ?", other);
    exec(c, RETIRE, survivor, other, other);
  }

  private static void addMissingKeys(Connection c, long entry, List<IdentityKey> keys)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT OR IGNORE INTO identity_keys(kind, value, entry_seq) VALUES (?, ?, ?)")) {
      for (IdentityKey k : keys) {
        ps.setString(1, k.kind().name());
        ps.setString(2, k.value());
        ps.setLong(3, entry);
        ps.executeUpdate();
      }
    }
  }

  /** Null when the source never carried the entry. */
  private static Boolean linkAccepted(Connection c, long entry, String sourceId)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT accepted FROM entry_sources WHERE entry_seq = ? AND source_id = ?")) {
      ps.setLong(1, entry);
      ps.setString(2, sourceId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) != 0 : null;
      }
    }
  }

  private static void insertLink(Connection c, long entry, String sourceId, boolean accepted,
      long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO entry_sources(entry_seq,"
        + " source_id, accepted, first_seen) VALUES (?, ?, ?, ?)")) {
      ps.setLong(1, entry);
      ps.setString(2, sourceId);
      ps.setInt(3, accepted ? 1 : 0);
      ps.setLong(4, now);
      ps.executeUpdate();
    }
  }

  /**
   * The proposed id, unless an entry already has it (its key was later found ambiguous, or it
   * was merged away): then a name-based UUID derived from it, so the choice stays deterministic.
   */
  private static String freeId(Connection c, String proposed) throws SQLException {
    String id = proposed;
    for (int n = 1; exists(c, id); n++) {
      id = "urn:uuid:" + UUID.nameUUIDFromBytes((proposed + "#" + n)
          .getBytes(StandardCharsets.UTF_8));
    }
    return id;
  }

  private static boolean exists(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM entries WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void exec(Connection c, String sql, long... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setLong(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

  // ---- reading ----

  private record Row(long seq, String id, String data, long published, long updated,
      long firstSeen) {
    Entry toEntry(ItemCodec codec, List<String> sourceIds) {
      return new Entry(id, codec.fromJson(data), Instant.ofEpochMilli(published),
          Instant.ofEpochMilli(updated), Instant.ofEpochMilli(firstSeen), sourceIds);
    }
  }

  private static Row row(ResultSet rs) throws SQLException {
    return new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
        rs.getLong(6));
  }

  /** Accepting sources per entry: those in {@code preferred} first, each group first-seen first. */
  private static Map<Long, List<String>> acceptingSources(Connection c, List<Row> rows,
      Set<String> preferred) throws SQLException {
    Map<Long, List<String>> out = new LinkedHashMap<>();
    if (rows.isEmpty()) {
      return out;
    }
    String sql = "SELECT entry_seq, source_id FROM entry_sources WHERE accepted = 1"
        + " AND entry_seq IN (" + placeholders(rows.size()) + ") ORDER BY first_seen, source_id";
    Map<Long, List<String>> others = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < rows.size(); i++) {
        ps.setLong(i + 1, rows.get(i).seq);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long entry = rs.getLong(1);
          String source = rs.getString(2);
          (preferred.contains(source) ? out : others)
              .computeIfAbsent(entry, x -> new ArrayList<>()).add(source);
        }
      }
    }
    others.forEach((entry, list) -> out.computeIfAbsent(entry, x -> new ArrayList<>())
        .addAll(list));
    return out;
  }

  private static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }
}
