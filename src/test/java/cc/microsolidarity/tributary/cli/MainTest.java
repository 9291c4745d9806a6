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
    assertThat(typoErr.toString()).contains("'pol'").contains("Did you mean: tributary poll?");
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
