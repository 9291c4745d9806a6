package cc.microsolidarity.tributary.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Decides which resolved addresses count as internal (loopback, private, link-local,
 * unspecified), so that no feed can redirect Tributary into an internal service. Must be safe
 * for concurrent use. Tests inject their own to make a loopback server pose as a public host.
 */
@FunctionalInterface
public interface AddressPolicy {

  /** True when {@code address} must not be reached from a public source. */
  boolean isInternal(InetAddress address);

  /**
   * Loopback (127/8, ::1), unspecified (0.0.0.0/8, ::), private (10/8, 172.16/12,
   * 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10) and carrier-grade NAT
   * (100.64/10, RFC 6598, never public). IPv4-mapped IPv6 addresses are judged by their IPv4.
   */
  AddressPolicy STANDARD = AddressPolicy::isInternalByDefault;

  private static boolean isInternalByDefault(InetAddress address) {
    if (address.isLoopbackAddress() || address.isAnyLocalAddress()
        || address.isLinkLocalAddress() || address.isSiteLocalAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 || (first == 100 && second >= 64 && second < 128);
    }
    if (address instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return true; // fc00::/7 unique local (RFC 4193)
      }
      if (isIpv4Mapped(b)) {
        try {
          return isInternalByDefault(InetAddress.getByAddress(
              new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (java.net.UnknownHostException impossible) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isIpv4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }
}
