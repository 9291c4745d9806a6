package cc.microsolidarity.tributary.cli;

import cc.microsolidarity.tributary.config.FeedsConfigLoader;
import cc.microsolidarity.tributary.config.OpmlImporter;
import cc.microsolidarity.tributary.model.Counted;
import cc.microsolidarity.tributary.model.FeedsConfig;
import cc.microsolidarity.tributary.model.SourceStatus;
import cc.microsolidarity.tributary.publish.Publisher;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "opml", mixinStandardHelpOptions = true,
    description = "OPML 2.0 out of or into feeds.yaml.",
    subcommands = {OpmlCommand.Export.class, OpmlCommand.Import.class})
final class OpmlCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw Main.noCommand(spec);
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Write the sources as OPML 2.0 to standard output or --output FILE.")
  static final class Export implements Callable<Integer> {
    @Mixin CommonOptions options;
    @Spec CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE.")
    Path output;

    @Override
    public Integer call() throws Exception {
      Loaded loaded = Loaded.from(options);
      FeedsConfig config = loaded.feeds();
      List<SourceStatus> statuses = loaded.storedStatuses();
      byte[] opml = new Publisher().exportOpml(config.feed(), statuses);
      if (output == null) {
        System.out.write(opml);
        System.out.flush();
      } else {
        // Its folder is created, as --out's and --db's are.
        Path folder = Files.createDirectories(output.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(folder, ".opml", ".tmp");
        Files.write(tmp, opml);
        Files.move(tmp, output, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
        spec.commandLine().getOut().println("wrote "
            + Counted.of(config.sources().size(), "source") + " to " + output);
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Append the feeds of an OPML file to feeds.yaml (keeping its comments), "
          + "skipping ones already present; a Tributary export keeps its ids, kinds and "
          + "disabled sources. An entry feeds.yaml would refuse is skipped with the reason; "
          + "the result is validated before it is saved.")
  static final class Import implements Callable<Integer> {
    @Mixin CommonOptions options;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The OPML file.")
    Path file;

    @Override
    public Integer call() throws Exception {
      if (Files.isDirectory(file) || !Files.exists(file)) {
        // As parse answers a file argument that is not there.
        spec.commandLine().getErr().println("cannot read " + file + ": "
            + (Files.isDirectory(file) ? "is a folder" : "no such file"));
        spec.commandLine().getErr().flush();
        return ExitCodes.USAGE;
      }
      OpmlImporter.Result r = new OpmlImporter(new FeedsConfigLoader())
          .importInto(options.feeds, file);
      PrintWriter out = spec.commandLine().getOut();
      r.added().forEach(id -> out.println("added   " + id));
      r.skipped().forEach(url -> out.println("skipped " + url + " (already present)"));
      r.withoutUrl().forEach(title -> out.println("skipped " + title + " (no feed URL)"));
      r.invalid().forEach(why -> out.println("skipped " + why));
      out.println(r.added().size() + " added, " + (r.skipped().size() + r.withoutUrl().size()
          + r.invalid().size()) + " skipped; " + options.feeds + " is valid"
          + (r.added().isEmpty() ? " and unchanged" : ""));
      out.flush();
      return ExitCodes.OK;
    }
  }
}
