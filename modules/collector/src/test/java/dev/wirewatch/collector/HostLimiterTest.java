package dev.wirewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wirewatch.core.net.AddressPolicy;
import dev.wirewatch.core.net.Cidr;
import dev.wirewatch.core.net.Egress;
import dev.wirewatch.core.net.EgressException;
import dev.wirewatch.core.net.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the collector adds to the one egress path (whose hostile-server cases are tested in core): conditional GET,
 * and politeness per host, where a 429 holds the host back for every feed on it.
 */
class HostLimiterTest {

    private final TestServer server = new TestServer();
    private final Egress egress = Egress.builder(AddressPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"))))
            .deadline(Duration.ofSeconds(8)).userAgent("wirewatch-test").gate(new HostLimiter(16, 4, 0)).build();

    @AfterEach
    void close() {
        egress.close();
        server.close();
    }

    @Test
    void conditionalGetSendsValidatorsAndReads304() throws Exception {
        server.on("/cond", exchange -> {
            if ("\"v1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().set("ETag", "\"v1\"");
            exchange.getResponseHeaders().set("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
            TestServer.send(exchange, 200, "text/xml", "<rss/>");
        });
        Response first = egress.get(server.url("/cond"), Validators.NONE.headers("*/*"));
        assertThat(first.header("ETag")).isEqualTo("\"v1\"");
        Response second = egress.get(server.url("/cond"),
                new Validators(first.header("ETag"), first.header("Last-Modified")).headers("*/*"));
        assertThat(second.status()).isEqualTo(304);
        assertThat(server.requests.get(1).ifModifiedSince()).isEqualTo("Wed, 21 Oct 2015 07:28:00 GMT");
        assertThat(server.requests.get(0).userAgent()).isEqualTo("wirewatch-test");
        assertThat(server.requests.get(0).acceptEncoding()).isEqualTo("gzip, deflate");
    }

    @Test
    void tooManyRequestsBacksOffTheHost() throws Exception {
        server.on("/busy", exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "120");
            exchange.sendResponseHeaders(429, -1);
        });
        assertThatThrownBy(() -> egress.get(server.url("/busy"), Validators.NONE.headers("*/*")).requireOk())
                .isInstanceOfSatisfying(EgressException.class, e -> {
                    assertThat(e.kind()).isEqualTo(EgressException.Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120));
                });
        // the next request to that host does not even go out
        assertThatThrownBy(() -> egress.get(server.url("/busy"), Validators.NONE.headers("*/*")))
                .isInstanceOfSatisfying(EgressException.class,
                        e -> assertThat(e.kind()).isEqualTo(EgressException.Kind.RATE_LIMITED))
                .hasMessageContaining("asked us to wait");
        assertThat(server.count("/busy")).isEqualTo(1);
    }
}
