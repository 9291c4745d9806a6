package cc.microsolidarity.tributary.cli;

import cc.microsolidarity.tributary.config.ConfigException;
import cc.microsolidarity.tributary.store.NativeLibraryCache;
import cc.microsolidarity.tributary.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code java -jar tributary.jar COMMAND [options]}. */
@Command(name = "tributary", mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Polls a community's feeds and publishes one merged feed.",
    subcommands = {RunCommand.class, ValidateCommand.class, PollCommand.class, SourcesCommand.class,
        OpmlCommand.class, ParseCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Prefer the operator's config/logback.xml when run from the project folder; set before
    // any logger exists.
    if (System.getProperty("logback.configurationFile") == null
        && java.nio.file.Files.isRegularFile(java.nio.file.Path.of("config", "logback.xml"))) {
      System.setProperty("logback.configurationFile", "config/logback.xml");
    }
    NativeLibraryCache.install(System.getenv(), System.getProperty("user.home"));
    System.exit(execute(args));
  }

  /** Runs a command and returns its exit code (tests call this in-process). */
  public static int execute(String... args) {
    return execute(new java.io.PrintWriter(System.out, true),
        new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs a command with the given output streams and returns its exit code. */
  public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      // Operators get a message, never a stack trace.
      if (e instanceof ConfigException ce) {
        ce.problems().forEach(p -> commandLine.getErr().println(p));
        commandLine.getErr().flush();
        return ExitCodes.INVALID_CONFIG;
      }
      if (e instanceof StoreException se) {
        commandLine.getErr().println("error: " + se.getMessage());
        commandLine.getErr().flush();
        return ExitCodes.DATABASE;
      }
      if (e instanceof java.io.IOException io) {
        commandLine.getErr().println("error: " + io.getMessage());
        commandLine.getErr().flush();
        return ExitCodes.RUNTIME;
      }
      commandLine.getErr().println("error: " + e);
      commandLine.getErr().flush();
      return ExitCodes.RUNTIME;
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"tributary " + Version.current()};
    }
  }
}
