package cc.microsolidarity.tributary.store;

import cc.microsolidarity.tributary.model.Item;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An {@link Item} as the JSON stored in {@code entries.data}, and the hash that tells an edit
 * from a re-fetch. Thread-safe (ObjectMapper is, once configured).
 */
final class ItemCodec {
  private final ObjectMapper mapper = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // records only: helpers such as Enclosure.isPlayableMedia() are not data
      .setVisibility(PropertyAccessor.IS_GETTER, Visibility.NONE);

  String toJson(Item item) {
    try {
      return mapper.writeValueAsString(item);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write item as JSON", e);
    }
  }

  Item fromJson(String json) {
    try {
      return mapper.readValue(json, Item.class);
    } catch (JsonProcessingException e) {
      throw new StoreException("stored entry is not readable JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * SHA-256 of everything a reader sees except the dates: a source re-stamping its dates
   * without an edit is not an edit.
   */
  String contentHash(Item item) {
    String json = toJson(item.toBuilder().published(null).updated(null).build());
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
