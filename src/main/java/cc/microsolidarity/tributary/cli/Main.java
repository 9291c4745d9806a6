package cc.microsolidarity.tributary.cli;

import cc.microsolidarity.tributary.config.ConfigException;
import cc.microsolidarity.tributary.config.ConfigProblem;
import cc.microsolidarity.tributary.config.NearestName;
import cc.microsolidarity.tributary.http.ServerStartException;
import cc.microsolidarity.tributary.publish.PublishException;
import cc.microsolidarity.tributary.store.StoreException;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code java -jar tributary.jar COMMAND [options]}. */
@Command(name = "tributary", mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Polls a community's feeds and publishes one merged feed.")
public final class Main implements Runnable {
  /**
   * The subcommands, in the order help lists them. picocli builds a command's model by
   * reflection, so a start builds only the one it was asked for: the others cost ~30 ms.
   */
  static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Prefer the operator's config/logback.xml when run from the project folder; set before
    // any logger exists.
    if (System.getProperty("logback.configurationFile") == null
        && java.nio.file.Files.isRegularFile(java.nio.file.Path.of("config", "logback.xml"))) {
      System.setProperty("logback.configurationFile", "config/logback.xml");
    }
    System.exit(execute(args));
  }

  /**
   * Runs a command and returns its exit code (tests call this in-process). Writes UTF-8
   * whatever the locale: under systemd or cron it is often C, where Java would print every
   * non-ASCII letter of a title, URL or message as '?'.
   */
  public static int execute(String... args) {
    return execute(utf8(System.out), utf8(System.err), args);
  }

  private static PrintWriter utf8(java.io.OutputStream stream) {
    return new PrintWriter(new java.io.OutputStreamWriter(stream,
        java.nio.charset.StandardCharsets.UTF_8), true);
  }

  /** Runs a command with the given output streams and returns its exit code. */
  public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cli = commandLine(args);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      // Operators get a message, never a stack trace.
      if (e instanceof ConfigException ce) {
        ce.problems().forEach(p -> commandLine.getErr().println(p));
        whereConfigIsRead(ce.problems(), commandLine.getErr());
        commandLine.getErr().flush();
        return ExitCodes.INVALID_CONFIG;
      }
      if (e instanceof StoreException se) {
        commandLine.getErr().println("error: " + se.getMessage());
        commandLine.getErr().flush();
        return ExitCodes.DATABASE;
      }
      if (e instanceof java.io.IOException io) {
        commandLine.getErr().println("error: " + IoErrors.describe(io));
        commandLine.getErr().flush();
        return ExitCodes.RUNTIME;
      }
      if (e instanceof ServerStartException || e instanceof PublishException) {
        commandLine.getErr().println("error: " + e.getMessage());
        commandLine.getErr().flush();
        return ExitCodes.RUNTIME;
      }
      commandLine.getErr().println("error: " + e);
      commandLine.getErr().flush();
      return ExitCodes.RUNTIME;
    });
    CommandLine.IParameterExceptionHandler usageErrors = cli.getParameterExceptionHandler();
    cli.setParameterExceptionHandler((e, rest) -> unknownCommand(e)
        .orElseGet(() -> handle(usageErrors, e, rest)));
    return evenOnError(() -> cli.execute(args), err);
  }

  /**
   * The command's exit code, or RUNTIME with a message when an Error escapes it: picocli
   * hands only Exceptions to the handler above. Without this a daemon whose start ran out of
   * memory lost its main thread but lived on in its HTTP server's threads, its feeds answering
   * 503 for good; past the start's first steps it also ignored SIGTERM, whose clean stop the
   * main thread sets up.
   */
  static int evenOnError(IntSupplier command, PrintWriter err) {
    try {
      return command.getAsInt();
    } catch (OutOfMemoryError e) {
      err.println("error: out of memory (" + e.getMessage() + "): give the JVM more heap"
          + " (-Xmx)");
    } catch (Error e) {
      err.println("error: " + e);
    }
    err.flush();
    return ExitCodes.RUNTIME;
  }

  /**
   * A word where a command was expected: says so, with the nearest command and the list, rather
   * than picocli's guess, which for a word unlike every command still names one.
   */
  private static Optional<Integer> unknownCommand(CommandLine.ParameterException e) {
    CommandLine at = e.getCommandLine();
    if (!(e instanceof CommandLine.UnmatchedArgumentException unmatched)
        || at.getSubcommands().isEmpty() || unmatched.getUnmatched().isEmpty()
        || unmatched.getUnmatched().get(0).startsWith("-")) {
      return Optional.empty();
    }
    String typed = unmatched.getUnmatched().get(0);
    Set<String> names = at.getSubcommands().keySet();
    String what = at.getParent() == null ? "command" : at.getCommandName() + " command";
    String hint = NearestName.among(typed, names).map(n -> " (did you mean '" + n + "'?)")
        .orElse("");
    PrintWriter err = at.getErr();
    err.println("unknown " + what + " '" + typed + "'" + hint + "; the " + what + "s are "
        + String.join(", ", names));
    err.println("'" + at.getCommandSpec().qualifiedName() + " --help' says what each does");
    err.flush();
    return Optional.of(ExitCodes.USAGE);
  }

  private static int handle(CommandLine.IParameterExceptionHandler handler,
      CommandLine.ParameterException e, String[] args) {
    try {
      return handler.handleParseException(e, args);
    } catch (Exception unexpected) {
      throw new IllegalStateException(unexpected);
    }
  }

  /** After problems that include a missing file, which files a command reads by default. */
  static void whereConfigIsRead(List<ConfigProblem> problems, PrintWriter err) {
    if (problems.stream().anyMatch(ConfigProblem::isMissingFile)) {
      err.println("(commands read ./feeds.yaml and, if present, ./config/tributary.yaml;"
          + " --feeds and --config name others)");
    }
  }

  /** The command tree for these arguments: the subcommand they name, or all of them. */
  static CommandLine commandLine(String... args) {
    CommandLine cli = new CommandLine(new Main());
    Supplier<Object> asked = args.length == 0 ? null : SUBCOMMANDS.get(args[0]);
    if (asked != null) {
      cli.addSubcommand(args[0], asked.get());
    } else {
      // Help, a typo, or no command: every command is listed.
      SUBCOMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
    }
    withVersion(cli, new VersionProvider());
    return cli;
  }

  /** Every command's --version says what the top one's does (picocli asks each its own). */
  private static void withVersion(CommandLine command, CommandLine.IVersionProvider version) {
    command.getCommandSpec().versionProvider(version);
    command.getSubcommands().values().forEach(sub -> withVersion(sub, version));
  }

  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> m = new LinkedHashMap<>();
    m.put("run", RunCommand::new);
    m.put("validate", ValidateCommand::new);
    m.put("poll", PollCommand::new);
    m.put("sources", SourcesCommand::new);
    m.put("opml", OpmlCommand::new);
    m.put("parse", ParseCommand::new);
    return Collections.unmodifiableMap(m);
  }

  /** No command: a usage error (exit 2), as a script with an empty variable should see. */
  @Override
  public void run() {
    throw noCommand(spec);
  }

  /** What a command that needs a subcommand says without one: the message, then its usage. */
  static CommandLine.ParameterException noCommand(CommandLine.Model.CommandSpec spec) {
    return new CommandLine.ParameterException(spec.commandLine(), "no command given; the "
        + spec.name() + " commands are " + String.join(", ", spec.subcommands().keySet()));
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"tributary " + Version.current()};
    }
  }
}
