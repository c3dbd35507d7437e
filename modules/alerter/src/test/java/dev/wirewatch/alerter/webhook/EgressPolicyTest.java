package dev.wirewatch.alerter.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EgressPolicyTest {

    /** A resolver with fixed answers, so that the tests need no DNS. */
    private static EgressPolicy.Resolver dns(Map<String, List<String>> answers) {
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

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
            "100.100.100.200", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1", "::1", "::", "fe80::1",
            "fc00::1", "fd00:ec2::254", "::ffff:127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:c0a8:0101::1", "ff02::1"})
    void reservedAddressesAreRefused(String address) throws Exception {
        assertThat(EgressPolicy.reserved(InetAddress.getByName(address))).as(address).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "1.1.1.1", "172.32.0.1", "2606:4700::1111", "64:ff9b::5db8:d822"})
    void publicAddressesAreAllowed(String address) throws Exception {
        assertThat(EgressPolicy.reserved(InetAddress.getByName(address))).as(address).isFalse();
    }

    @Test
    void everyResolvedAddressMustBePublic() {
        EgressPolicy policy = EgressPolicy.allowing(List.of(), dns(Map.of(
                "hooks.example.org", List.of("93.184.216.34"),
                "rebind.example.org", List.of("93.184.216.34", "10.0.0.5"),
                "metadata.example.org", List.of("169.254.169.254"))));
        assertThatCode(() -> policy.check("https://hooks.example.org/ww")).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.check("https://rebind.example.org/ww"))
                .isInstanceOf(EgressPolicy.RefusedException.class).hasMessageContaining("10.0.0.5");
        assertThatThrownBy(() -> policy.check("http://metadata.example.org/latest/meta-data/"))
                .hasMessageContaining("169.254.169.254");
        assertThatThrownBy(() -> policy.check("https://nowhere.example.org/")).hasMessageContaining("does not resolve");
    }

    @Test
    void onlyHttpAndHttpsWithoutUserInfo() {
        EgressPolicy policy = EgressPolicy.allowing(List.of(), dns(Map.of("hooks.example.org", List.of("93.184.216.34"))));
        assertThatThrownBy(() -> policy.check("file:///etc/passwd")).hasMessageContaining("only http and https");
        assertThatThrownBy(() -> policy.check("gopher://hooks.example.org/")).hasMessageContaining("only http and https");
        assertThatThrownBy(() -> policy.check("https://user:pw@hooks.example.org/")).hasMessageContaining("user info");
        assertThatThrownBy(() -> policy.check("not a url")).isInstanceOf(EgressPolicy.RefusedException.class);
        assertThatThrownBy(() -> policy.check("http://[::1]:8080/")).hasMessageContaining("::1");
    }

    @Test
    void theOperatorAllowListLetsTrustedInternalTargetsThrough() throws Exception {
        EgressPolicy demo = EgressPolicy.allowing(List.of("127.0.0.0/8", "fd12:3456::/32"));
        assertThatCode(() -> demo.check("http://127.0.0.1:8089/hook")).doesNotThrowAnyException();
        assertThat(demo.allowed(InetAddress.getByName("fd12:3456::7"))).isTrue();
        assertThat(demo.allowed(InetAddress.getByName("10.0.0.1"))).isFalse();
        assertThatThrownBy(() -> EgressPolicy.strict().check("http://127.0.0.1:8089/hook"))
                .hasMessageContaining("webhooks.allow-private");
        assertThatThrownBy(() -> EgressPolicy.allowing(List.of("localhost/8")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a CIDR");
        assertThatThrownBy(() -> EgressPolicy.allowing(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    }
}
