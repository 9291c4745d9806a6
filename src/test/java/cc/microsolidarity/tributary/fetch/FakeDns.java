package cc.microsolidarity.tributary.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Dns;

/** A resolver for made-up host names; anything not mapped is unknown. */
final class FakeDns implements Dns {

  private final Map<String, List<InetAddress>> hosts = new ConcurrentHashMap<>();

  FakeDns map(String host, String... literals) {
    try {
      InetAddress[] addresses = new InetAddress[literals.length];
      for (int i = 0; i < literals.length; i++) {
        // getByAddress with the parsed bytes: no lookup, and the host name is kept.
        addresses[i] = InetAddress.getByAddress(host, InetAddress.getByName(literals[i]).getAddress());
      }
      hosts.put(host, List.of(addresses));
      return this;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    List<InetAddress> addresses = hosts.get(hostname);
    if (addresses == null) {
      throw new UnknownHostException(hostname);
    }
    return addresses;
  }
}
