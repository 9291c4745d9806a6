package cc.microsolidarity.tributary.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressPolicyTest {

  @ParameterizedTest(name = "{0} internal: {1}")
  @CsvSource({
      "127.0.0.1, true", "127.8.9.10, true", "::1, true",
      "10.0.0.1, true", "172.16.0.1, true", "172.31.255.255, true", "192.168.1.1, true",
      "169.254.169.254, true", "fe80::1, true", "fc00::1, true", "fd12:3456::1, true",
      "0.0.0.0, true", "::, true", "100.64.0.1, true",
      "::ffff:127.0.0.1, true", "::ffff:10.1.2.3, true",
      "172.32.0.1, false", "172.15.255.255, false", "100.128.0.1, false",
      "8.8.8.8, false", "93.184.216.34, false", "2001:4860:4860::8888, false",
      "::ffff:8.8.8.8, false"})
  void theStandardPolicyKnowsInternalRanges(String literal, boolean internal)
      throws UnknownHostException {
    assertThat(AddressPolicy.STANDARD.isInternal(InetAddress.getByName(literal)))
        .isEqualTo(internal);
  }

  @ParameterizedTest(name = "mapped {0} internal: {1}")
  @CsvSource({"127.0.0.1, true", "192.168.0.10, true", "1.1.1.1, false"})
  void anIpv4MappedIpv6AddressIsJudgedByItsIpv4(String ipv4, boolean internal)
      throws UnknownHostException {
    byte[] v4 = InetAddress.getByName(ipv4).getAddress();
    byte[] v6 = new byte[16];
    v6[10] = (byte) 0xff;
    v6[11] = (byte) 0xff;
    System.arraycopy(v4, 0, v6, 12, 4);
    // Inet6Address.getByAddress keeps the IPv6 form that InetAddress.getByAddress would unwrap.
    InetAddress mapped = java.net.Inet6Address.getByAddress("mapped.example", v6, -1);

    assertThat(AddressPolicy.STANDARD.isInternal(mapped)).isEqualTo(internal);
  }
}
