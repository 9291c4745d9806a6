package cc.microsolidarity.tributary.cli;

import cc.microsolidarity.tributary.config.ConfigException;
import cc.microsolidarity.tributary.config.ConfigProblem;
import cc.microsolidarity.tributary.config.DaemonSettingsLoader;
import cc.microsolidarity.tributary.config.FeedsConfigLoader;
import cc.microsolidarity.tributary.config.SameFeed;
import cc.microsolidarity.tributary.model.Counted;
import cc.microsolidarity.tributary.model.FeedsConfig;
import cc.microsolidarity.tributary.publish.PodcastAdvice;
import cc.microsolidarity.tributary.publish.PublicUrl;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check feeds.yaml and config/tributary.yaml; print every problem as "
        + "FILE:LINE:COL: message. Exit 1 on any.")
final class ValidateCommand implements Callable<Integer> {
  @Mixin CommonOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<ConfigProblem> problems = new ArrayList<>();
    try {
      new DaemonSettingsLoader().load(options.configPath(), options.configRequired());
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    FeedsConfig feeds = null;
    try {
      feeds = new FeedsConfigLoader().load(options.feeds);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      problems.forEach(p -> err.println(p));
      err.println(Counted.of(problems.size(), "problem"));
      Main.whereConfigIsRead(problems, err);
      err.flush();
      return ExitCodes.INVALID_CONFIG;
    }
    long enabled = feeds.sources().stream().filter(s -> s.enabled()).count();
    out.println(options.feeds + ": ok (" + Counted.of(feeds.sources().size(), "source") + ", "
        + enabled + " enabled)");
    // Advice, not problems: the exit stays 0, so scripts that gate on validate still pass.
    List<String> notes = new ArrayList<>();
    if (enabled == 0) {
      notes.add("no source is enabled, so the merged feeds stay empty");
    }
    notes.addAll(SameFeed.sharedBySources(feeds));
    notes.addAll(PodcastAdvice.of(feeds));
    notes.addAll(PublicUrl.notes(feeds));
    notes.forEach(note -> out.println(options.feeds + ": note: " + note));
    out.flush();
    return ExitCodes.OK;
  }
}
