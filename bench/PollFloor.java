import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The warm poll's floor: the least a JVM with OkHttp (the client Tributary must use) does to
 * ask every source whether it changed. It reads each source's URL and validators from a file
 * and sends the conditional GETs with the poll's concurrency and per-host limit, and nothing
 * else: no configuration, database, parsing, logging or outputs. Run from the harness, which
 * compiles it once and gives it a class archive of its own, as Tributary has one.
 *
 * <p>{@code java -cp tributary.jar:CLASSES PollFloor VALIDATORS CONCURRENCY PER_HOST}, where
 * each line of VALIDATORS is {@code url TAB etag TAB last-modified} (either may be empty).
 */
public final class PollFloor {
  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    List<String> lines = Files.readAllLines(Path.of(args[0]));
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(Integer.parseInt(args[1]));
    int perHost = Integer.parseInt(args[2]);
    dispatcher.setMaxRequestsPerHost(perHost);
    OkHttpClient shared = new OkHttpClient.Builder().dispatcher(dispatcher).build();
    // A connection pool per host, as Tributary keeps (HostClients): OkHttp searches a pool
    // linearly on every call, which one pool for 2,500 hosts makes the slowest part.
    Map<String, OkHttpClient> clients = new HashMap<>();
    AtomicInteger notModified = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(lines.size());
    for (String line : lines) {
      String[] f = line.split("\t", -1);
      Request.Builder request = new Request.Builder().url(f[0]);
      if (f.length > 1 && !f[1].isEmpty()) {
        request.header("If-None-Match", f[1]);
      }
      if (f.length > 2 && !f[2].isEmpty()) {
        request.header("If-Modified-Since", f[2]);
      }
      Request built = request.build();
      OkHttpClient client = clients.computeIfAbsent(built.url().host(), host -> shared.newBuilder()
          .connectionPool(new ConnectionPool(perHost, 5, TimeUnit.MINUTES)).build());
      client.newCall(built).enqueue(new Callback() {
        @Override
        public void onResponse(Call call, Response response) {
          try (response) {
            (response.code() == 304 ? notModified : other).incrementAndGet();
          }
          done.countDown();
        }

        @Override
        public void onFailure(Call call, IOException e) {
          failed.incrementAndGet();
          done.countDown();
        }
      });
    }
    done.await();
    System.out.printf("floor: %d sources, %d not modified, %d other, %d failed, %d ms%n",
        lines.size(), notModified.get(), other.get(), failed.get(),
        (System.nanoTime() - start) / 1_000_000);
    // OkHttp's dispatcher threads linger for a minute; a poll ends when its work does.
    System.exit(failed.get() == 0 ? 0 : 1);
  }
}
