package cc.microsolidarity.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BodyPartsTest {
  /** Records each write and completes it, or fails the write numbered {@code failAt}. */
  private static final class Recorder extends Response.Wrapper {
    final List<Integer> sizes = new ArrayList<>();
    final List<Boolean> lasts = new ArrayList<>();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final int failAt;

    Recorder(int failAt) {
      super(null, null);
      this.failAt = failAt;
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
      sizes.add(content.remaining());
      lasts.add(last);
      byte[] chunk = new byte[content.remaining()];
      content.get(chunk);
      bytes.writeBytes(chunk);
      if (sizes.size() == failAt) {
        callback.failed(new IllegalStateException("connection reset"));
      } else {
        callback.succeeded();
      }
    }
  }

  private static final class Outcome implements Callback {
    final AtomicReference<String> result = new AtomicReference<>();

    @Override
    public void succeeded() {
      assertThat(result.getAndSet("succeeded")).isNull();
    }

    @Override
    public void failed(Throwable x) {
      assertThat(result.getAndSet("failed: " + x.getMessage())).isNull();
    }
  }

  private static byte[] body(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + i / 7);
    }
    return b;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, BodyParts.PART_BYTES, BodyParts.PART_BYTES + 1,
      3 * BodyParts.PART_BYTES, 137_076, 1_000_000})
  void theBodyGoesOutWholeInPartsOfAtMost64KiBAndOnlyTheLastIsLast(int size) {
    byte[] body = body(size);
    Recorder response = new Recorder(-1);
    Outcome outcome = new Outcome();

    BodyParts.write(response, ByteBuffer.wrap(body).asReadOnlyBuffer(), outcome);

    assertThat(response.bytes.toByteArray()).isEqualTo(body);
    assertThat(response.sizes).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(65_536));
    assertThat(response.sizes).hasSize(Math.max(1, (size + 65_535) / 65_536));
    assertThat(response.lasts.subList(0, response.lasts.size() - 1)).doesNotContain(true);
    assertThat(response.lasts.get(response.lasts.size() - 1)).isTrue();
    assertThat(outcome.result).hasValue("succeeded");
  }

  @Test
  void theBodyIsSentFromItsPosition() {
    byte[] body = body(200_000);
    ByteBuffer buffer = ByteBuffer.wrap(body);
    buffer.position(1_000);
    Recorder response = new Recorder(-1);

    BodyParts.write(response, buffer, new Outcome());

    assertThat(response.bytes.toByteArray())
        .isEqualTo(java.util.Arrays.copyOfRange(body, 1_000, body.length));
  }

  @Test
  void aFailedPartFailsTheResponseOnceAndWritesNoMore() {
    Recorder response = new Recorder(2);
    Outcome outcome = new Outcome();

    BodyParts.write(response, ByteBuffer.wrap(body(300_000)), outcome);

    assertThat(response.sizes).hasSize(2);
    assertThat(outcome.result).hasValue("failed: connection reset");
  }
}
