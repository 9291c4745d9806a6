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
 * Jetty's floor for a 304: the server as {@code http.FeedServer} sets it up (threads, no
 * reserved threads, one acceptor, two selectors), with a handler that answers every request
 * 304 and does nothing else. What it costs per response is what no handler of ours can go
 * below. Keep the set-up in step with FeedServer. Run from the repository:
 *
 * <pre>java -Xmx96m -Xss512k -XX:+UseSerialGC -cp target/tributary.jar bench/JettyFloor.java 18095</pre>
 */
public final class JettyFloor {
  public static void main(String[] args) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(32, 4);
    threads.setReservedThreads(0);
    Server server = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, 1, 2,
        new HttpConnectionFactory(config));
    connector.setHost("127.0.0.1");
    connector.setPort(args.length > 0 ? Integer.parseInt(args[0]) : 18095);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract.NonBlocking() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        response.setStatus(304);
        callback.succeeded();
        return true;
      }
    });
    server.start();
    System.out.println("Jetty floor on http://127.0.0.1:" + connector.getLocalPort() + "/");
    server.join();
  }
}
