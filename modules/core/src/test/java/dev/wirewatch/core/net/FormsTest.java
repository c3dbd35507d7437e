package dev.wirewatch.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FormsTest {

    @Test
    void aWebSubSubscriptionRequestIsReadFieldByFieldAndDecoded() {
        String body = "hub.mode=subscribe&hub.topic=" + Forms.encode("https://elfaro.net/feed?lang=es&tag=CECOT")
                + "&hub.callback=" + Forms.encode("http://127.0.0.1:8080/websub/feed%201") + "&hub.lease_seconds=86400";
        assertThat(Forms.parse(body)).containsExactly(
                Map.entry("hub.mode", "subscribe"),
                Map.entry("hub.topic", "https://elfaro.net/feed?lang=es&tag=CECOT"),
                Map.entry("hub.callback", "http://127.0.0.1:8080/websub/feed%201"),
                Map.entry("hub.lease_seconds", "86400"));
    }

    @Test
    void repeatedEmptyAndValuelessFieldsAreReadAsDocumented() {
        assertThat(Forms.parse("a=1&a=2&&flag&q=Bukele+y+el+CECOT&n=%C3%B1"))
                .containsExactly(Map.entry("a", "1"), Map.entry("flag", ""), Map.entry("q", "Bukele y el CECOT"),
                        Map.entry("n", "ñ"));
        assertThat(Forms.parse(null)).isEmpty();
        assertThat(Forms.parse("")).isEmpty();
    }

    @Test
    void aMalformedEscapeIsRefused() {
        assertThatThrownBy(() -> Forms.parse("hub.topic=%G1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Forms.parse("hub.topic=100%")).isInstanceOf(IllegalArgumentException.class);
    }
}
