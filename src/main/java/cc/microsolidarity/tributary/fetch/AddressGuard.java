package cc.microsolidarity.tributary.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;
import okhttp3.Connection;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps public sources away from internal addresses. The rule: a fetch may reach internal
 * addresses only when its configured URL is itself internal (an IP literal or a host name whose
 * every address is internal). Otherwise every hop is checked twice: its host is resolved through
 * the same {@link Dns} OkHttp uses before the request, and (as a network interceptor) the address
 * actually connected to is checked again, which also defeats DNS rebinding between the two.
 * Thread-safe.
 */
final class AddressGuard implements Interceptor {
  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /** Per-request permission, carried as an OkHttp request tag. */
  record Permission(boolean internalAllowed) {}

  private final Dns dns;
  private final AddressPolicy policy;

  AddressGuard(Dns dns, AddressPolicy policy) {
    this.dns = dns;
    this.policy = policy;
  }

  /** Whether the source's own configured URL points at an internal address. */
  Permission permissionFor(HttpUrl configuredUrl) {
    if (configuredUrl == null) {
      return new Permission(false);
    }
    try {
      List<InetAddress> addresses = resolve(configuredUrl.host());
      return new Permission(!addresses.isEmpty() && addresses.stream().allMatch(policy::isInternal));
    } catch (UnknownHostException e) {
      return new Permission(false);
    }
  }

  /**
   * Null when {@code url} may be requested, else a short reason.
   *
   * @throws UnknownHostException when the host does not resolve
   */
  String refusal(HttpUrl url, Permission permission) throws UnknownHostException {
    if (permission.internalAllowed()) {
      return null;
    }
    for (InetAddress address : resolve(url.host())) {
      if (policy.isInternal(address)) {
        return refusalMessage(url.host(), address);
      }
    }
    return null;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Permission permission = chain.request().tag(Permission.class);
    Connection connection = chain.connection();
    if (permission != null && !permission.internalAllowed() && connection != null
        && connection.route().proxy().type() == Proxy.Type.DIRECT) {
      InetAddress address = connection.route().socketAddress().getAddress();
      if (address != null && policy.isInternal(address)) {
        throw new RefusedAddressException(refusalMessage(chain.request().url().host(), address));
      }
    }
    return chain.proceed(chain.request());
  }

  private List<InetAddress> resolve(String host) throws UnknownHostException {
    if (isIpLiteral(host)) {
      // OkHttp connects to literals without asking the Dns; parsing a literal does no lookup.
      return List.of(InetAddress.getByName(host));
    }
    return dns.lookup(host);
  }

  private static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || IPV4_LITERAL.matcher(host).matches();
  }

  private static String refusalMessage(String host, InetAddress address) {
    String literal = address.getHostAddress();
    return host.equals(literal)
        ? "refused internal address " + literal
        : "refused " + host + " (internal address " + literal + ")";
  }

  /**
   * A ProtocolException so OkHttp does not retry it on another route: the refusal is final.
   */
  static final class RefusedAddressException extends java.net.ProtocolException {
    RefusedAddressException(String message) {
      super(message);
    }
  }
}
