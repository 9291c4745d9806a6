package cc.microsolidarity.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {
  static final String[] ALL = {"run", "validate", "poll", "sources", "opml", "parse"};

  @Test
  void aStartBuildsOnlyTheCommandItWasAskedFor() {
    assertThat(Main.commandLine("poll", "--db", "x.db").getSubcommands()).containsOnlyKeys("poll");
    assertThat(Main.commandLine("opml", "export").getSubcommands()).containsOnlyKeys("opml");
    assertThat(Main.commandLine("opml", "export").getSubcommands().get("opml")
        .getSubcommands()).containsOnlyKeys("export", "import");
  }

  @Test
  void helpATypoOrNoCommandListsEveryCommandInOrder() {
    for (String[] args : new String[][] {{}, {"--help"}, {"pol"}, {"-V"}}) {
      assertThat(Main.commandLine(args).getSubcommands().keySet()).containsExactly(ALL);
    }
  }

  @Test
  void eachCommandIsListedUnderItsOwnName() {
    Main.SUBCOMMANDS.forEach((name, command) ->
        assertThat(command.get().getClass().getAnnotation(Command.class).name()).isEqualTo(name));
  }

  @Test
  void anErrorThatEscapesACommandIsAMessageAndExit4() {
    StringWriter err = new StringWriter();
    int code = Main.evenOnError(() -> {
      throw new OutOfMemoryError("Java heap space");
    }, new PrintWriter(err));
    assertThat(code).isEqualTo(4);
    assertThat(err.toString()).isEqualTo("error: out of memory (Java heap space): give the JVM"
        + " more heap (-Xmx)" + System.lineSeparator());
    err.getBuffer().setLength(0);
    assertThat(Main.evenOnError(() -> {
      throw new StackOverflowError();
    }, new PrintWriter(err))).isEqualTo(4);
    assertThat(err.toString()).startsWith("error: java.lang.StackOverflowError");
    assertThat(Main.evenOnError(() -> 3, new PrintWriter(err))).isEqualTo(3);
  }

  /** A command's exit code and what it wrote. */
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  private static String lines(String... lines) {
    return String.join(System.lineSeparator(), lines) + System.lineSeparator();
  }

  /** No command is a usage error, so a script whose command word came out empty fails. */
  @Test
  void noCommandIsAUsageErrorListingTheCommands() {
    Run none = run();
    assertThat(none.code()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(none.out()).isEmpty();
    assertThat(none.err()).startsWith(lines("no command given; the tributary commands are run,"
        + " validate, poll, sources, opml, parse")).contains("Usage: tributary ", "Commands:");

    Run opml = run("opml");
    assertThat(opml.code()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(opml.out()).isEmpty();
    assertThat(opml.err()).startsWith(lines("no command given; the opml commands are export,"
        + " import")).contains("Usage: tributary opml ");
  }

  @Test
  void helpShowsEveryCommandAndATypoIsAnError() {
    Run help = run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("Commands:");
    for (String name : ALL) {
      assertThat(help.out()).containsPattern("(?m)^  " + name + " ");
    }

    Run typo = run("pol");
    assertThat(typo.code()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(typo.err()).isEqualTo(lines(
        "unknown command 'pol' (did you mean 'poll'?); the commands are run, validate, poll,"
            + " sources, opml, parse",
        "'tributary --help' says what each does"));
  }

  @Test
  void aWordLikeNoCommandIsNamedWithoutAGuess() {
    Run r = run("frobnicate", "--db", "x.db");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("unknown command 'frobnicate'; the commands are run,")
        .doesNotContain("did you mean");
  }

  @Test
  void aMistypedOpmlCommandIsNamedAmongTheOpmlCommands() {
    Run r = run("opml", "exprt");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).isEqualTo(lines(
        "unknown opml command 'exprt' (did you mean 'export'?); the opml commands are export,"
            + " import",
        "'tributary opml --help' says what each does"));
  }

  @Test
  void anUnknownOptionStillGetsTheCommandsUsage() {
    Run r = run("poll", "--bogus");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("Unknown option: '--bogus'").contains("Usage: tributary poll");
  }

  @Test
  void aPortOutOfRangeIsAUsageErrorThatSaysWhy() {
    for (String port : new String[] {"99999", "-1"}) {
      Run r = run("run", "--port", port);
      assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err())
          .startsWith("Invalid value for option '--port': must be between 0 and 65535, not "
              + port + System.lineSeparator())
          .contains("Usage: tributary run")
          .doesNotContain("Exception");
    }
  }

  @Test
  void aMissingFeedsFileSaysWhereItWasLookedForAndWhatEachCommandReads() {
    String cwd = java.nio.file.Path.of("").toAbsolutePath().toString();
    for (String command : new String[] {"sources", "validate"}) {
      Run r = run(command, "--feeds", "no-such-feeds.yaml");
      assertThat(r.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
      assertThat(r.err()).startsWith("no-such-feeds.yaml:1:1: file not found in " + cwd
          + System.lineSeparator())
          .endsWith("(commands read ./feeds.yaml and, if present, ./config/tributary.yaml;"
              + " --feeds and --config name others)" + System.lineSeparator());
    }
    assertThat(run("sources", "--feeds", "/no/such/feeds.yaml").err())
        .startsWith("/no/such/feeds.yaml:1:1: file not found" + System.lineSeparator());
  }

  @Test
  void everyCommandsVersionOptionPrintsTheVersion() {
    String version = run("--version").out();
    assertThat(version).startsWith("tributary ");
    for (String[] args : new String[][] {{"poll", "--version"}, {"parse", "-V"},
        {"opml", "export", "--version"}}) {
      Run r = run(args);
      assertThat(r.code()).isZero();
      assertThat(r.out()).as(String.join(" ", args)).isEqualTo(version);
    }
  }
}
