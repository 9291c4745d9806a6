package cc.microsolidarity.tributary.survival;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.testing.Eventually;
import cc.microsolidarity.tributary.testing.Sql;
import cc.microsolidarity.tributary.testing.TributaryProcess;
import cc.microsolidarity.tributary.testing.Workspace;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade done wrong: the jar overwritten in place (cp, not mv) under a running daemon. The
 * JVM reads classes from that file as it first needs them, so from then on parts of the daemon
 * fail. SIGTERM must still end it, with the database closed intact, not leave it hanging
 * until the service manager's SIGKILL.
 */
class JarOverwrittenIT {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void aDaemonWhoseJarWasOverwrittenInPlaceStillStopsOnSigterm() throws Exception {
    Workspace ws = new Workspace(dir).settings("")
        .feeds(Map.of("nowhere", "http://127.0.0.1:9/feed.xml"), 50);
    Path jar = Files.copy(TributaryProcess.jar(), dir.resolve("tributary.jar"));
    try (TributaryProcess daemon = TributaryProcess.runFrom(jar, dir, "128m")) {
      daemon.awaitServing(new OkHttpClient(), Duration.ofSeconds(30));
      Eventually.until(Duration.ofSeconds(30),
          () -> daemon.log().contains("nowhere failed"));

      // The same length of zeros, written into the file the JVM has open: what copying
      // another build over it does to the bytes it reads.
      long size = Files.size(jar);
      try (FileChannel file = FileChannel.open(jar, StandardOpenOption.WRITE)) {
        ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
        for (long at = 0; at < size; at += zeros.capacity()) {
          zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
          file.write(zeros, at);
        }
      }

      int code = daemon.terminate(Duration.ofSeconds(30));
      assertThat(code).as(daemon.log()).isNotEqualTo(-1);
      assertThat(daemon.log()).contains("stopping");
    }
    try (Sql sql = new Sql(ws.db())) {
      assertThat(sql.integrityCheck()).isEqualTo("ok");
    }
  }
}
