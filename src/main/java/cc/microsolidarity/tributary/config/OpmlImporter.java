package cc.microsolidarity.tributary.config;

import cc.microsolidarity.tributary.model.FeedsConfig;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.model.SourceKind;
import cc.microsolidarity.tributary.model.TributaryOpml;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Appends the feeds of an OPML file to feeds.yaml as text, so the operator's comments and
 * layout survive. Feeds already present are skipped: the same URL, however its scheme, host
 * case, default port or trailing slash are spelt. A Tributary export keeps each source's id,
 * kind and disabled state; other ids are made from titles (accents dropped, not the letters)
 * and made unique. An entry the loader would refuse is left out and named with the reason;
 * the result is validated before it replaces the file (atomically), so an import never leaves
 * a broken feeds.yaml.
 */
public final class OpmlImporter {
  /**
   * {@code added}: the new sources' ids; {@code skipped}: URLs already present;
   * {@code withoutUrl}: titles of entries that name no feed (not folders: they hold nothing);
   * {@code invalid}: entries feeds.yaml would refuse, each as its id and why.
   */
  public record Result(List<String> added, List<String> skipped, List<String> withoutUrl,
      List<String> invalid) {}

  /** One source as appended to feeds.yaml. */
  private record Entry(String id, String yaml) {}

  private final FeedsConfigLoader loader;

  public OpmlImporter(FeedsConfigLoader loader) {
    this.loader = loader;
  }

  public Result importInto(Path feedsYaml, Path opml) throws IOException, ConfigException {
    FeedsConfig current = loader.load(feedsYaml);
    Set<String> urls = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (Source s : current.sources()) {
      urls.add(SameFeed.key(s.url().toString()));
      ids.add(s.id());
    }
    List<Entry> entries = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<String> withoutUrl = new ArrayList<>();
    for (Outline o : outlines(opml)) {
      if (o.xmlUrl() == null) {
        withoutUrl.add(o.title() == null ? "(untitled)" : o.title());
        continue;
      }
      if (!urls.add(SameFeed.key(o.xmlUrl()))) {
        skipped.add(o.xmlUrl());
        continue;
      }
      String id = o.id() != null && ids.add(o.id()) ? o.id()
          : uniqueId(idBase(o), ids);
      StringBuilder yaml = new StringBuilder();
      yaml.append("  - id: ").append(id).append('\n');
      if (o.kind() != null && o.kind() != SourceKind.BLOG) {
        yaml.append("    kind: ").append(o.kind().wireName()).append('\n');
      }
      yaml.append("    url: ").append(quote(o.xmlUrl())).append('\n');
      if (o.title() != null) {
        yaml.append("    title: ").append(quote(o.title())).append('\n');
      }
      if (o.disabled()) {
        yaml.append("    enabled: false\n");
      }
      entries.add(new Entry(id, yaml.toString()));
    }
    String text = Files.readString(feedsYaml, StandardCharsets.UTF_8);
    String head = text + (text.endsWith("\n") ? "" : "\n")
        + "\n  # imported from " + opml.getFileName() + "\n";
    List<String> invalid = new ArrayList<>();
    String updated = validWithout(feedsYaml.toString(), head, entries, invalid);
    List<String> added = entries.stream().map(Entry::id).toList();
    if (!added.isEmpty()) {
      Path tmp = Files.createTempFile(feedsYaml.toAbsolutePath().getParent(), ".feeds", ".yaml");
      Files.writeString(tmp, updated, StandardCharsets.UTF_8);
      Files.move(tmp, feedsYaml, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    }
    return new Result(added, skipped, withoutUrl, invalid);
  }

  /**
   * The file with the entries appended, once the entries feeds.yaml would refuse (a password
   * in the URL, a port out of range) are taken out of {@code entries} and named in
   * {@code invalid}: one bad line in a reader's export should not keep out the rest. A problem
   * outside the appended entries is thrown, leaving the file untouched.
   */
  private String validWithout(String file, String head, List<Entry> entries,
      List<String> invalid) throws ConfigException {
    int headLines = lines(head);
    while (true) {
      StringBuilder updated = new StringBuilder(head);
      entries.forEach(e -> updated.append(e.yaml()));
      if (entries.isEmpty()) {
        return updated.toString();
      }
      try {
        loader.parse(file, updated.toString());
        return updated.toString();
      } catch (ConfigException e) {
        Map<Integer, String> refused = new HashMap<>();
        for (ConfigProblem p : e.problems()) {
          int at = entryAt(p.mark().line(), headLines, entries);
          if (at < 0) {
            throw e;
          }
          refused.merge(at, p.message(), (a, b) -> a + "; " + b);
        }
        List<Entry> kept = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
          String why = refused.get(i);
          if (why == null) {
            kept.add(entries.get(i));
          } else {
            invalid.add(entries.get(i).id() + " (" + why + ")");
          }
        }
        entries.clear();
        entries.addAll(kept);
      }
    }
  }

  /** The index of the entry holding 1-based {@code line}, or -1 when none does. */
  private static int entryAt(int line, int headLines, List<Entry> entries) {
    int start = headLines + 1;
    for (int i = 0; i < entries.size(); i++) {
      int end = start + lines(entries.get(i).yaml());
      if (line >= start && line < end) {
        return i;
      }
      start = end;
    }
    return -1;
  }

  private static int lines(String text) {
    return (int) text.chars().filter(c -> c == '\n').count();
  }

  /** One feed of the file; id, kind and disabled come from a Tributary export, else null. */
  private record Outline(String xmlUrl, String title, String id, SourceKind kind,
      boolean disabled) {}

  private static List<Outline> outlines(Path opml) throws IOException {
    try (InputStream in = Files.newInputStream(opml)) {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      Document d = b.parse(in);
      NodeList nodes = d.getElementsByTagName("outline");
      List<Outline> out = new ArrayList<>();
      for (int i = 0; i < nodes.getLength(); i++) {
        Element e = (Element) nodes.item(i);
        String url = e.getAttribute("xmlUrl").strip();
        if (url.isEmpty() && e.getElementsByTagName("outline").getLength() > 0) {
          continue; // a folder
        }
        String title = e.getAttribute("title").isBlank() ? e.getAttribute("text")
            : e.getAttribute("title");
        String id = e.getAttributeNS(TributaryOpml.NAMESPACE, "id");
        String kind = e.getAttributeNS(TributaryOpml.NAMESPACE, "kind");
        if (kind.isEmpty()) {
          kind = e.getAttribute("category").replaceFirst("^/", "");
        }
        out.add(new Outline(url.isEmpty() ? null : url, title.isBlank() ? null : title.strip(),
            FeedsConfigLoader.ID.matcher(id).matches() ? id : null,
            SourceKind.fromWireName(kind).orElse(null),
            "disabled".equals(e.getAttributeNS(TributaryOpml.NAMESPACE, "state"))));
      }
      return out;
    } catch (SAXException | ParserConfigurationException e) {
      throw new IOException(opml + " is not valid OPML: " + e.getMessage(), e);
    }
  }

  /** For an id when the title gives none; empty when the URL has no host it can read. */
  private static String hostOf(String url) {
    try {
      String host = new URI(url).getHost();
      return host == null ? "" : host;
    } catch (URISyntaxException e) {
      return ""; // the URL fails validation and the entry is skipped with the reason
    }
  }

  /**
   * From the title; from the host when the title has no Latin letters or digits to keep
   * ("Блог" at d.example gives "d-example", not a bare "source").
   */
  private static String idBase(Outline o) {
    String fromTitle = o.title() == null ? "" : slug(o.title());
    if (!fromTitle.isEmpty()) {
      return fromTitle;
    }
    String fromHost = slug(hostOf(o.xmlUrl()));
    return fromHost.isEmpty() ? "source" : fromHost;
  }

  /** a-z, 0-9 and '-' of {@code title}, at most 40 characters; empty when none is left. */
  static String slug(String title) {
    // "Éxample" gives "example": the accents go, the letters stay.
    String plain = Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    String s = plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
        .replaceAll("^-+|-+$", "");
    if (s.length() > 40) {
      s = s.substring(0, 40).replaceAll("-+$", "");
    }
    return s;
  }

  private static String uniqueId(String base, Set<String> ids) {
    String id = base;
    for (int n = 2; !ids.add(id); n++) {
      id = base + "-" + n;
    }
    return id;
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
