package cc.microsolidarity.tributary.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A connection pool per host, up to a number of hosts at a time, then the shared one. */
class HostClientsTest {

  private final MockWebServer server = new MockWebServer();
  private OkHttpClient fallback;
  private HostClients clients;

  @BeforeEach
  void start() throws IOException {
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
        return new MockResponse.Builder().code(200).body("ok").build();
      }
    });
    server.start();
    FakeDns dns = new FakeDns().map("a.test", "127.0.0.1").map("b.test", "127.0.0.1")
        .map("c.test", "127.0.0.1");
    fallback = new OkHttpClient.Builder().dns(dns).build();
    clients = new HostClients(fallback, Duration.ofMinutes(1), 2);
  }

  @AfterEach
  void stop() {
    clients.evictAll();
    server.close();
  }

  @Test
  void eachHostHasItsOwnPoolAndKeepsIt() throws IOException {
    OkHttpClient a = clients.forHost(url("a.test"));
    OkHttpClient b = clients.forHost(url("b.test"));

    assertThat(a.connectionPool()).isNotSameAs(b.connectionPool())
        .isNotSameAs(fallback.connectionPool());
    assertThat(clients.forHost(url("a.test"))).isSameAs(a);
    assertThat(clients.forHost(url("A.test"))).as("host names are canonical in HttpUrl")
        .isSameAs(a);
    assertThat(a.dispatcher()).isSameAs(fallback.dispatcher());
    get(a, "a.test");
    get(a, "a.test");
    assertThat(a.connectionPool().connectionCount()).isEqualTo(1);
    assertThat(b.connectionPool().connectionCount()).isZero();
  }

  @Test
  void pastTheLimitANewHostSharesTheFallbackUntilAPoolEmpties() throws IOException {
    OkHttpClient a = clients.forHost(url("a.test"));
    get(a, "a.test");
    get(clients.forHost(url("b.test")), "b.test");

    assertThat(clients.forHost(url("c.test"))).as("both pools hold a connection")
        .isSameAs(fallback);
    assertThat(clients.pools()).isEqualTo(2);

    a.connectionPool().evictAll(); // as when its idle connection expires
    OkHttpClient c = clients.forHost(url("c.test"));
    assertThat(c).isNotSameAs(fallback);
    assertThat(clients.pools()).isEqualTo(2);
    get(c, "c.test");
    assertThat(clients.forHost(url("a.test"))).as("a's pool made room for c's")
        .isSameAs(fallback);
  }

  @Test
  void pastTheLimitOneCallInAnEighthOfTheLimitLooksForRoom() {
    HostClients sixteen = new HostClients(fallback, Duration.ofMinutes(1), 16);
    for (int i = 0; i < 16; i++) {
      sixteen.forHost(url("h" + i + ".test")); // pools that never hold a connection
    }

    assertThat(sixteen.forHost(url("x.test"))).as("the first call past the limit shares")
        .isSameAs(fallback);
    assertThat(sixteen.pools()).as("without looking through the table").isEqualTo(16);

    OkHttpClient x = sixteen.forHost(url("x.test"));
    assertThat(x).as("the second looks, and finds the empty pools").isNotSameAs(fallback);
    assertThat(sixteen.pools()).isEqualTo(1);
    assertThat(sixteen.forHost(url("x.test"))).isSameAs(x);
  }

  @Test
  void evictAllClosesEveryIdleConnection() throws IOException {
    OkHttpClient a = clients.forHost(url("a.test"));
    get(a, "a.test");
    get(fallback, "c.test");

    clients.evictAll();

    assertThat(a.connectionPool().connectionCount()).isZero();
    assertThat(fallback.connectionPool().connectionCount()).isZero();
  }

  @Test
  void aQuarterOfTheOpenFileLimitWithinBounds() {
    assertThat(HostClients.poolsFor(4_096)).isEqualTo(1_024);
    assertThat(HostClients.poolsFor(8_000)).isEqualTo(2_000);
    assertThat(HostClients.poolsFor(100)).isEqualTo(64);
    assertThat(HostClients.poolsFor(1_048_576)).isEqualTo(HostClients.MAX_HOST_POOLS);
  }

  private HttpUrl url(String host) {
    return new HttpUrl.Builder().scheme("http").host(host).port(server.getPort()).build();
  }

  private void get(OkHttpClient client, String host) throws IOException {
    try (Response r = client.newCall(new Request.Builder().url(url(host)).build()).execute()) {
      assertThat(r.body().string()).isEqualTo("ok");
    }
  }
}
