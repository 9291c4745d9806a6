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
  void helpShowsEveryCommandAndATypoIsAnError() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "--help"))
        .isZero();
    assertThat(out.toString()).contains("Commands:");
    for (String name : ALL) {
      assertThat(out.toString()).containsPattern("(?m)^  " + name + " ");
    }

    StringWriter typoErr = new StringWriter();
    int code = Main.execute(new PrintWriter(new StringWriter(), true),
        new PrintWriter(typoErr, true), "pol");
    assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(typoErr.toString()).isEqualTo(lines(
        "unknown command 'pol' (did you mean 'poll'?); the commands are run, validate, poll,"
            + " sources, opml, parse",
        "'tributary --help' says what each does"));
  }

  @Test
  void aWordLikeNoCommandIsNamedWithoutAGuess() {
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
        "frobnicate", "--db", "x.db");
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).startsWith("unknown command 'frobnicate'; the commands are run,")
        .doesNotContain("did you mean");
  }

  @Test
  void aMistypedOpmlCommandIsNamedAmongTheOpmlCommands() {
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
        "opml", "exprt");
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).isEqualTo(lines(
        "unknown opml command 'exprt' (did you mean 'export'?); the opml commands are export,"
            + " import",
        "'tributary opml --help' says what each does"));
  }

  @Test
  void anUnknownOptionStillGetsTheCommandsUsage() {
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
        "poll", "--bogus");
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).startsWith("Unknown option: '--bogus'")
        .contains("Usage: tributary poll");
  }

  private static String lines(String... lines) {
    return String.join(System.lineSeparator(), lines) + System.lineSeparator();
  }

  @Test
  void aPortOutOfRangeIsAUsageErrorThatSaysWhy() {
    for (String port : new String[] {"99999", "-1"}) {
      StringWriter err = new StringWriter();
      int code = Main.execute(new PrintWriter(new StringWriter(), true),
          new PrintWriter(err, true), "run", "--port", port);
      assertThat(code).isEqualTo(ExitCodes.USAGE);
      assertThat(err.toString())
          .startsWith("Invalid value for option '--port': must be between 0 and 65535, not "
              + port + System.lineSeparator())
          .contains("Usage: tributary run")
          .doesNotContain("Exception");
    }
  }
}
