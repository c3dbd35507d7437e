package dev.wirewatch.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressCheckTest {

    private final AddressCheck strict = new AddressCheck(List.of(), Duration.ofSeconds(2));
    private final AddressCheck demo = new AddressCheck(List.of("127.0.0.0/8"), Duration.ofSeconds(2));

    @Test
    void privateLoopbackLinkLocalAndMappedAddressesAreRefused() {
        for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost/x", "http://10.0.0.1/", "http://172.16.5.4/",
                "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://[fe80::1]/",
                "http://[fd12:3456::1]/", "http://[::ffff:10.0.0.1]/", "http://100.64.0.1/", "http://0.0.0.0/")) {
            assertThatThrownBy(() -> strict.check("channel.url", url)).as(url).isInstanceOfSatisfying(ApiError.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.field()).isEqualTo("channel.url");
                assertThat(e.getMessage()).contains("private");
            });
        }
    }

    @Test
    void allowedCidrsOpenOnlyThemselves() {
        assertThat(demo.check("url", "http://127.0.0.1:9999/webhook/demo").getPort()).isEqualTo(9999);
        assertThat(demo.check("url", "http://localhost:9999/x").getHost()).isEqualTo("localhost");
        assertThatThrownBy(() -> demo.check("url", "http://10.1.1.1/")).isInstanceOf(ApiError.class);
    }

    @Test
    void publicAddressesAndUnresolvedNamesPassButOtherSchemesAndCredentialsDoNot() {
        assertThat(strict.check("url", "https://93.184.215.14/hook").getHost()).isEqualTo("93.184.215.14");
        assertThat(strict.check("url", "https://hooks.invalid/ww").getHost()).isEqualTo("hooks.invalid");
        assertThatThrownBy(() -> strict.check("url", "ftp://example.org/")).hasMessageContaining("http");
        assertThatThrownBy(() -> strict.check("url", "https://user:pw@example.org/")).hasMessageContaining("password");
        assertThatThrownBy(() -> strict.check("url", "https:///nohost")).hasMessageContaining("host");
        assertThatThrownBy(() -> strict.check("url", " ")).hasMessageContaining("required");
    }

    @Test
    void cidrsMatchByPrefix() {
        AddressCheck.Cidr cidr = AddressCheck.Cidr.parse("192.168.0.0/16");
        assertThat(cidr.contains(AddressCheck.literal("192.168.200.1"))).isTrue();
        assertThat(cidr.contains(AddressCheck.literal("192.169.0.1"))).isFalse();
        assertThat(cidr.contains(AddressCheck.literal("::1"))).isFalse();
        assertThatThrownBy(() -> AddressCheck.Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressCheck.Cidr.parse("example.org/8")).isInstanceOf(IllegalArgumentException.class);
    }
}
