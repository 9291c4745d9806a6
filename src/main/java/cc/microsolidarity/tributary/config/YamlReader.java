package cc.microsolidarity.tributary.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a {@link YamlNode} tree with positions, using Jackson's streaming YAML
 * parser (Jackson's own tree forgets positions). Duplicate keys are reported, not merged.
 * Hostile input is bounded: alias expansion and nesting are capped by the YAML loader options.
 */
public final class YamlReader {
  private static final int MAX_DEPTH = 64;
  private final YAMLFactory factory;

  public YamlReader() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(20);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(8 * 1024 * 1024);
    this.factory = YAMLFactory.builder()
        .loaderOptions(options)
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
        .build();
  }

  /**
   * Parses {@code text}; syntax errors and duplicate keys go to {@code problems} with their
   * position. Returns null when the text is not YAML at all.
   */
  public YamlNode read(String file, String text, List<ConfigProblem> problems) {
    Aliases aliases = new Aliases();
    try (JsonParser p = factory.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return new YamlNode.NullNode(Mark.START);
      }
      return node(file, p, problems, 0, aliases);
    } catch (JsonProcessingException e) {
      problems.add(syntaxProblem(file, e));
      return null;
    } catch (IOException | RuntimeException e) {
      problems.add(new ConfigProblem(file, Mark.START, "cannot read YAML: " + shortMessage(e)));
      return null;
    } finally {
      aliases.summarise(problems);
    }
  }

  /**
   * Aliases seen in one document. Only the first is reported, with a count of the rest: a
   * file of a million aliases must give one line, not a million (nor the memory for them).
   */
  private static final class Aliases {
    int first = -1;
    long more;

    void summarise(List<ConfigProblem> problems) {
      if (first >= 0 && more > 0) {
        ConfigProblem p = problems.get(first);
        problems.add(first + 1, new ConfigProblem(p.file(), p.mark(),
            more + " more aliases follow; none are supported"));
      }
    }
  }

  private YamlNode node(String file, JsonParser p, List<ConfigProblem> problems, int depth,
      Aliases aliases) throws IOException {
    Mark at = mark(p.currentTokenLocation());
    JsonToken t = p.currentToken();
    if (p instanceof YAMLParser yp && yp.isCurrentAlias()) {
      // Config needs no aliases, and refusing them closes the door on alias bombs.
      if (aliases.first < 0) {
        aliases.first = problems.size();
        problems.add(new ConfigProblem(file, at,
            "YAML aliases (*" + p.getText() + ") are not supported here; write the value out"));
      } else {
        aliases.more++;
      }
      return new YamlNode.NullNode(at);
    }
    if (depth > MAX_DEPTH) {
      throw new IOException("nested deeper than " + MAX_DEPTH + " levels");
    }
    switch (t) {
      case START_OBJECT: {
        Map<String, YamlNode.Field> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          Mark keyMark = mark(p.currentTokenLocation());
          p.nextToken();
          YamlNode value = node(file, p, problems, depth + 1, aliases);
          if (fields.containsKey(key)) {
            problems.add(new ConfigProblem(file, keyMark, "duplicate key '" + key + "'"));
          } else {
            fields.put(key, new YamlNode.Field(key, keyMark, value));
          }
        }
        return new YamlNode.MapNode(fields, at);
      }
      case START_ARRAY: {
        List<YamlNode> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(node(file, p, problems, depth + 1, aliases));
        }
        return new YamlNode.ListNode(items, at);
      }
      case VALUE_NULL:
        return new YamlNode.NullNode(at);
      default:
        return new YamlNode.ScalarNode(p.getText(), at);
    }
  }

  static Mark mark(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return Mark.START;
    }
    return new Mark(location.getLineNr(), Math.max(1, location.getColumnNr()));
  }

  /**
   * Where the text stops being YAML, and why. SnakeYAML knows both, and what it was in the
   * middle of; Jackson's message and location give only the latter, which for an unclosed
   * quote is "while scanning a quoted scalar" at the key before it.
   */
  private static ConfigProblem syntaxProblem(String file, JsonProcessingException e) {
    if (!(e.getCause() instanceof MarkedYAMLException y) || y.getProblem() == null
        || y.getProblemMark() == null) {
      return new ConfigProblem(file, mark(e.getLocation()), syntaxMessage(e));
    }
    String problem = y.getProblem().contains("(TAB)")
        ? "a tab cannot start a token here (indent with spaces, not tabs)"
        : y.getProblem().strip().replaceAll("\\.$", "");
    org.yaml.snakeyaml.error.Mark started = y.getContextMark();
    String context = y.getContext() == null || started == null ? ""
        : " (" + y.getContext() + " started at " + (started.getLine() + 1) + ":"
            + (started.getColumn() + 1) + ")";
    return new ConfigProblem(file, mark(y.getProblemMark()), "invalid YAML: " + problem + context);
  }

  /** SnakeYAML counts lines and columns from 0. */
  private static Mark mark(org.yaml.snakeyaml.error.Mark at) {
    return new Mark(at.getLine() + 1, at.getColumn() + 1);
  }

  private static String syntaxMessage(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    if (m == null) {
      return "invalid YAML";
    }
    // SnakeYAML messages carry their own multi-line excerpt; the first line is the reason.
    String firstLine = m.strip().lines().findFirst().orElse(m).strip();
    return "invalid YAML: " + firstLine;
  }

  private static String shortMessage(Exception e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.strip().lines().findFirst().orElse(m);
  }
}
