package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.FeedsConfig;
import cc.microsolidarity.tributary.model.Person;
import cc.microsolidarity.tributary.model.SourceKind;
import java.util.ArrayList;
import java.util.List;

/**
 * What podcast.rss will lack that podcast directories ask for, seen from feeds.yaml alone: not
 * errors (the feed is valid RSS without them, and a community without podcasts needs neither),
 * but an operator who gathers podcasts wants to hear before Apple Podcasts refuses the feed.
 */
public final class PodcastAdvice {
  private PodcastAdvice() {}

  /** One sentence per missing field; none when no source is a podcast. */
  public static List<String> of(FeedsConfig config) {
    if (config.sources().stream().noneMatch(s -> s.kind() == SourceKind.PODCAST)) {
      return List.of();
    }
    List<String> notes = new ArrayList<>();
    if (!Texts.isWebUrl(config.feed().image())) {
      notes.add("feed.image is not set: podcast.rss goes out without artwork, which Apple"
          + " Podcasts requires (a square JPEG or PNG, 1400 to 3000 px)");
    }
    Person author = config.feed().author();
    if (author == null || !Texts.present(author.email())) {
      notes.add("feed.author.email is not set: podcast.rss has no <itunes:email>, by which"
          + " Apple Podcasts confirms who owns a feed");
    }
    return notes;
  }
}
