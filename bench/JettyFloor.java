import cc.microsolidarity.tributary.http.BodyParts;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty's floor for serving one feed: the server as {@code http.FeedServer} sets it up
 * (threads, no reserved threads, one acceptor, two selectors), with a handler that does the
 * least a feed server can: 304 when If-None-Match is the ETag, else the file's bytes, gzipped
 * when the client takes gzip, written by {@code http.BodyParts} as Tributary writes them.
 * No routing, no snapshot, no metrics, three headers. What it costs per response is what no
 * handler of ours can go below; {@code run.sh} loads it beside Tributary and nginx. Keep the
 * set-up in step with FeedServer. Run from the repository:
 *
 * <pre>java -Xmx96m -Xss512k -XX:+UseSerialGC -cp target/tributary.jar bench/JettyFloor.java \
 *     PORT FILE ETAG</pre>
 *
 * FILE.gz, when it exists, is the gzip body (run.sh writes it for nginx's gzip_static).
 */
public final class JettyFloor {
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: JettyFloor PORT FILE ETAG");
      System.exit(2);
    }
    Path file = Path.of(args[1]);
    Path gzFile = Path.of(args[1] + ".gz");
    byte[] plain = Files.readAllBytes(file);
    byte[] gzip = Files.exists(gzFile) ? Files.readAllBytes(gzFile) : null;
    String etag = args[2];
    HttpField etagField = new PreEncodedHttpField(HttpHeader.ETAG, etag);
    HttpField typeField = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE,
        "application/atom+xml; charset=utf-8");
    HttpField varyField = new PreEncodedHttpField(HttpHeader.VARY, "Accept-Encoding");
    HttpField gzipField = new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, "gzip");

    QueuedThreadPool threads = new QueuedThreadPool(32, 4);
    threads.setReservedThreads(0);
    Server server = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, 1, 2,
        new HttpConnectionFactory(config));
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.parseInt(args[0]));
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract.NonBlocking() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        response.getHeaders().add(etagField);
        if (etag.equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
          response.setStatus(304);
          callback.succeeded();
          return true;
        }
        response.getHeaders().add(typeField);
        String accept = request.getHeaders().get(HttpHeader.ACCEPT_ENCODING);
        byte[] body = plain;
        if (gzip != null) {
          response.getHeaders().add(varyField);
          if (accept != null && accept.contains("gzip")) {
            response.getHeaders().add(gzipField);
            body = gzip;
          }
        }
        response.getHeaders().add(HttpHeader.CONTENT_LENGTH, body.length);
        BodyParts.write(response, ByteBuffer.wrap(body), callback);
        return true;
      }
    });
    server.start();
    System.out.println("Jetty floor on http://127.0.0.1:" + connector.getLocalPort() + "/");
    server.join();
  }
}
