package dev.wirewatch.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one address policy against hostile URLs: every form of a private, loopback, link-local, metadata or reserved
 * address that a feed, a page, a webhook or a redirect might carry. Pure address arithmetic: nothing is sent anywhere.
 */
class AddressPolicyTest {

    /** Fixed answers, so that the tests need no DNS; a name that resolves to several addresses, one of them private. */
    private static final AddressPolicy.Resolver DNS = dns(Map.of(
            "public.example", List.of("93.184.216.34"),
            "v6.example", List.of("2606:4700::1111"),
            "multi.example", List.of("93.184.216.34", "2606:4700::1111", "10.0.0.5"),
            "metadata.example", List.of("169.254.169.254"),
            "internal.example", List.of("10.20.3.4")));

    private static final AddressPolicy STRICT = AddressPolicy.strict().withResolver(DNS);

    static AddressPolicy.Resolver dns(Map<String, List<String>> answers) {
        return host -> {
            List<String> addresses = answers.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            InetAddress[] out = new InetAddress[addresses.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = InetAddress.getByName(addresses.get(i));
            }
            return out;
        };
    }

    @ParameterizedTest(name = "{0} is refused ({1})")
    @CsvSource(delimiter = '|', textBlock = """
            http://127.0.0.1/                          | IPv4 loopback
            http://127.255.255.254:8080/x              | IPv4 loopback, any of the /8
            http://10.1.2.3/                           | RFC 1918
            http://172.16.0.1/                         | RFC 1918
            http://172.31.255.255/                     | RFC 1918
            http://192.168.1.1/                        | RFC 1918
            http://169.254.169.254/latest/meta-data/   | link-local: AWS, GCP, Azure metadata
            http://169.254.0.1/                        | link-local
            http://100.64.0.1/                         | carrier-grade NAT
            http://100.100.100.200/                    | carrier-grade NAT: Alibaba metadata
            http://224.0.0.1/                          | IPv4 multicast
            http://239.255.255.250/                    | IPv4 multicast (SSDP)
            http://255.255.255.255/                    | broadcast
            http://240.0.0.1/                          | reserved
            http://0.0.0.0/                            | this host
            http://0.1.2.3/                            | this network
            http://192.0.0.1/                          | IETF protocol assignments
            http://192.0.2.1/                          | documentation
            http://198.18.0.1/                         | benchmarking
            http://[::1]/                              | IPv6 loopback
            http://[::]/                               | IPv6 unspecified
            http://[fc00::1]/                          | unique local
            http://[fd00:ec2::254]/                    | unique local: AWS metadata over IPv6
            http://[fe80::1]/                          | IPv6 link-local
            http://[fec0::1]/                          | site-local
            http://[ff02::1]/                          | IPv6 multicast
            http://[::ffff:169.254.169.254]/           | IPv4-mapped metadata
            http://[::ffff:127.0.0.1]/                 | IPv4-mapped loopback
            http://[::ffff:a00:1]/                     | IPv4-mapped RFC 1918, in hex
            http://[::127.0.0.1]/                      | IPv4-compatible loopback
            http://[64:ff9b::a9fe:a9fe]/               | NAT64 metadata
            http://[64:ff9b::7f00:1]/                  | NAT64 loopback
            http://[64:ff9b::10.0.0.1]/                | NAT64 RFC 1918
            http://[64:ff9b:1::1]/                     | local-use NAT64
            http://[2002:a9fe:a9fe::1]/                | 6to4 of the metadata address
            http://[2002:7f00:1::1]/                   | 6to4 of loopback
            http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/ | Teredo of 10.0.0.1
            http://2130706433/                         | decimal loopback
            http://2852039166/                         | decimal metadata
            http://0177.0.0.1/                         | octal loopback
            http://017700000001/                       | octal loopback, one number
            http://0251.0376.0251.0376/                | octal metadata
            http://0x7f.1/                             | hex and short loopback
            http://0x7f000001/                         | hex loopback, one number
            http://0xa9.0xfe.0xa9.0xfe/                | hex metadata
            http://127.1/                              | short loopback
            http://10.1/                               | short RFC 1918
            http://0/                                  | short this host
            http://127.0.0.1./                         | trailing dot
            http://metadata.example/computeMetadata/v1 | a name of the metadata address
            https://multi.example/hook                 | a name with a private address among public ones
            """)
    void hostileAddressesAreRefused(String url, String why) {
        assertThatThrownBy(() -> STRICT.check(url)).as(why)
                .isInstanceOfSatisfying(EgressException.class,
                        e -> assertThat(e.kind()).isEqualTo(EgressException.Kind.FORBIDDEN))
                .hasMessageContaining("webhooks.allow-private");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "gopher://public.example/", "ftp://public.example/",
            "https://user:pw@public.example/", "https://user@public.example/", "not a url", "http:///x",
            "http://1.2.3.4.5/", "http://256.1.1.1/", "http://0x100.1.1.1/", "http://09.1.1.1/", "javascript:alert(1)",
            ""})
    void malformedAndOtherSchemesAreRefused(String url) {
        assertThatThrownBy(() -> STRICT.check(url)).isInstanceOfSatisfying(EgressException.class,
                e -> assertThat(e.kind()).isEqualTo(EgressException.Kind.FORBIDDEN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.216.34/", "http://1.1.1.1/", "http://172.32.0.1/", "http://100.128.0.1/",
            "http://[2606:4700::1111]/", "http://[64:ff9b::5db8:d822]/", "https://public.example/feed.xml",
            "https://v6.example/", "http://1572395042/"})
    void publicAddressesPass(String url) throws Exception {
        AddressPolicy.Target target = STRICT.check(url);
        assertThat(target.addresses()).isNotEmpty().allSatisfy(a -> assertThat(STRICT.allowed(a)).isTrue());
    }

    @Test
    void numericHostsAreRequestedInTheirCanonicalForm() throws Exception {
        AddressPolicy loopback = AddressPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8")));
        assertThat(loopback.check("http://0177.0.0.1:8080/a%20b?q=1#top").uri()).hasToString("http://127.0.0.1:8080/a%20b?q=1");
        assertThat(loopback.check("http://0x7f.1/").uri()).hasToString("http://127.0.0.1/");
        assertThat(loopback.check("http://2130706433/").uri()).hasToString("http://127.0.0.1/");
        assertThat(STRICT.check("http://1572395042/x").uri()).hasToString("http://93.184.216.34/x");
        assertThat(STRICT.check("https://public.example/x").literal()).isFalse();
    }

    @Test
    void theAllowListOpensExactlyWhatItLists() throws Exception {
        AddressPolicy demo = AddressPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("fd12:3456::/32"),
                Cidr.parse("10.20.0.0/16"))).withResolver(DNS);
        for (String open : List.of("http://127.0.0.1:8089/hook", "http://127.1/", "http://2130706433/",
                "http://[fd12:3456::7]/", "http://10.20.3.4/", "http://internal.example/")) {
            assertThat(demo.check(open).addresses()).as(open).isNotEmpty();
        }
        for (String closed : List.of("http://[::1]/", "http://[64:ff9b::7f00:1]/", "http://[fd12:3457::1]/",
                "http://10.21.0.1/", "http://169.254.169.254/", "https://multi.example/")) {
            assertThatThrownBy(() -> demo.check(closed)).as(closed).isInstanceOf(EgressException.class)
                    .hasMessageContaining("private or reserved");
        }
        assertThatThrownBy(() -> Cidr.parse("localhost/8")).hasMessageContaining("not a CIDR");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("out of range");
        assertThat(Cidr.parse("10.20.0.0/16")).hasToString("10.20.0.0/16");
    }

    @Test
    void errorsNameTheAddressAndTheHost() {
        assertThatThrownBy(() -> STRICT.check("https://multi.example/hook"))
                .hasMessageContaining("multi.example resolves to 10.0.0.5");
        assertThatThrownBy(() -> STRICT.check("http://[::1]:8080/")).hasMessageContaining("0:0:0:0:0:0:0:1 is a private");
        assertThatThrownBy(() -> STRICT.check("https://nowhere.example/"))
                .isInstanceOfSatisfying(EgressException.class,
                        e -> assertThat(e.kind()).isEqualTo(EgressException.Kind.NETWORK))
                .hasMessageContaining("does not resolve");
    }
}
