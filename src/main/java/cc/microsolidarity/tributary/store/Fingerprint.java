package cc.microsolidarity.tributary.store;

import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * Tells whether bytes are the ones seen last time: equal bytes give equal fingerprints, and
 * changed bytes the same fingerprint with odds of about one in 2^64 (two 32-bit CRCs of
 * different polynomials, and the length).
 *
 * <p>Not a cryptographic hash, on purpose. A fingerprint only decides whether a source's own
 * body or entry changed; a source that crafts a collision hides its own edit from itself and
 * nothing more. The CRCs run as CPU instructions even in code the JIT's first tier compiled,
 * where SHA-256 ran as plain Java: in a cold poll of 1,000 feeds SHA-256 of the bodies alone
 * cost 0.82 s of CPU, against 0.01 s for both CRCs. Thread-safe (stateless).
 */
public final class Fingerprint {
  /** Every fingerprint starts with this; the SHA-256 hex an earlier version stored never does. */
  static final String PREFIX = "crc:";

  private Fingerprint() {}

  /** The fingerprint of {@code bytes}: {@code crc:LENGTH:CRC32C CRC32}, in hex. */
  public static String of(byte[] bytes) {
    CRC32C castagnoli = new CRC32C();
    castagnoli.update(bytes);
    CRC32 ieee = new CRC32();
    ieee.update(bytes);
    HexFormat hex = HexFormat.of();
    return PREFIX + Integer.toHexString(bytes.length) + ':'
        + hex.toHexDigits((int) castagnoli.getValue()) + hex.toHexDigits((int) ieee.getValue());
  }
}
