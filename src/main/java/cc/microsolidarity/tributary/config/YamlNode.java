package cc.microsolidarity.tributary.config;

import java.util.List;
import java.util.Map;

/** A YAML tree that remembers where each node and key stood, for precise messages. */
public sealed interface YamlNode {
  Mark mark();

  /** A human name of the node's type for "expected a map, got a list" messages. */
  String typeName();

  record MapNode(Map<String, Field> fields, Mark mark) implements YamlNode {
    public MapNode {
      fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    @Override
    public String typeName() {
      return "a map";
    }
  }

  /** One key of a map with the position of the key itself. */
  record Field(String key, Mark keyMark, YamlNode value) {}

  record ListNode(List<YamlNode> items, Mark mark) implements YamlNode {
    public ListNode {
      items = List.copyOf(items);
    }

    @Override
    public String typeName() {
      return "a list";
    }
  }

  record ScalarNode(String text, Mark mark) implements YamlNode {
    @Override
    public String typeName() {
      return "a value";
    }
  }

  record NullNode(Mark mark) implements YamlNode {
    @Override
    public String typeName() {
      return "nothing";
    }
  }
}
