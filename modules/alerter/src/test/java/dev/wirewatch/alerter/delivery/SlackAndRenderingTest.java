package dev.wirewatch.alerter.delivery;

import static dev.wirewatch.alerter.testing.Fixtures.mention;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wirewatch.alerter.testing.Fixtures;
import dev.wirewatch.alerter.testing.Receiver;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.Highlight;
import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.model.Subscription;
import dev.wirewatch.core.net.AddressPolicy;
import dev.wirewatch.core.net.Cidr;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Slack messages over a real HTTP endpoint, and the text and HTML that e-mails carry. */
class SlackAndRenderingTest {

    private static Subscription slack(String url) {
        return Fixtures.subscription("slack-desk", List.of("cecot"), Fixtures.realtime("fold"),
                new Channel(Channel.SLACK, url, null, List.of(), List.of()));
    }

    @Test
    void aSlackMessageHasFallbackTextABlockWithTheLinkAndTheHighlightedSnippet() throws Exception {
        try (Receiver slack = Receiver.start(r -> new Receiver.Reply(200, java.util.Map.of(), "ok", Duration.ZERO));
                HttpPoster poster = new HttpPoster(AddressPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"))), Duration.ofSeconds(2),
                        new SimpleMeterRegistry())) {
            Mention m = mention("cecot", "a1", "s1", "es", "elfaro.net");
            SendResult result = new SlackSender(poster, Fixtures.SECRETS).send(Fixtures.alert("al_1", "slack-desk", m), slack(slack.url()
                    + "/services/T000/B000/XXX"));
            assertThat(result.kind()).isEqualTo(SendResult.Kind.DELIVERED);
            JsonNode message = Json.mapper().readTree(slack.requests().get(0).body());
            assertThat(message.get("text").asText()).contains("CECOT").contains(m.title()).contains(m.url());
            JsonNode section = message.get("blocks").get(0);
            assertThat(section.get("type").asText()).isEqualTo("section");
            String text = section.get("text").get("text").asText();
            assertThat(text).contains("<" + m.url() + "|" + m.title() + ">");
            assertThat(text).contains("> \u2026el *Centro de Confinamiento del Terrorismo* (*CECOT*) recibi\u00f3");
        }
    }

    @Test
    void aSealedSlackUrlIsOpenedToPostAndNeverShownInTheDeliveryRecord() throws Exception {
        try (Receiver slack = Receiver.start(r -> new Receiver.Reply(200, java.util.Map.of(), "ok", Duration.ZERO));
                HttpPoster poster = new HttpPoster(AddressPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"))),
                        Duration.ofSeconds(2), new SimpleMeterRegistry())) {
            Subscription sealed = Fixtures.subscription("slack-desk", List.of("cecot"), Fixtures.realtime("fold"),
                    Fixtures.SECRETS.seal("slack-desk", new Channel(Channel.SLACK, slack.url() + "/services/T1/B2/tokenXYZ",
                            null, List.of(), List.of())));
            assertThat(sealed.channel().url()).startsWith("wwsec:v1:").doesNotContain("tokenXYZ");
            SlackSender sender = new SlackSender(poster, Fixtures.SECRETS);
            assertThat(sender.endpoint(sealed)).doesNotContain("tokenXYZ");
            Alert alert = Fixtures.alert("al_1", "slack-desk", mention("cecot", "a1", "s1", "es", "elfaro.net"));
            assertThat(sender.send(alert, sealed).kind()).isEqualTo(SendResult.Kind.DELIVERED);
            assertThat(slack.requests().get(0).path()).isEqualTo("/services/T1/B2/tokenXYZ");

            // a port where nothing listens: the connection error names the URL, the delivery record must not
            Subscription refusedConnection = Fixtures.subscription("slack-desk", List.of("cecot"), Fixtures.realtime("fold"),
                    Fixtures.SECRETS.seal("slack-desk", new Channel(Channel.SLACK, "http://127.0.0.1:9/services/T1/B2/tokenXYZ",
                            null, List.of(), List.of())));
            SendResult result = sender.send(alert, refusedConnection);
            assertThat(result.kind()).isEqualTo(SendResult.Kind.RETRY);
            assertThat(result.error()).contains("http://127.0.0.1:9/\u2026").doesNotContain("tokenXYZ");
        }
        assertThat(HttpPoster.redact("refused http://127.0.0.1:9/services/T1/B2/tokenXYZ: private address",
                "http://127.0.0.1:9/services/T1/B2/tokenXYZ")).isEqualTo("refused http://127.0.0.1:9/\u2026: private address");
    }

    @Test
    void aSlackDigestHasAHeaderOneSectionPerStoryAndTheCopiesAsAlsoIn() {
        Mention lead = mention("cecot", "a1", "s1", "es", "elfaro.net");
        Mention copy = mention("cecot", "a2", "s1", "es", "laprensagrafica.com");
        Mention other = mention("cecot", "a3", "s2", "en", "apnews.com");
        Alert digest = new Alert(1, "al_d", "slack-desk", Alert.DIGEST, List.of(lead, other, copy), Instant.now(),
                "1 further copy of stories you already have.");
        JsonNode message = read(AlertRendering.slack(digest, slack("https://hooks.slack.com/x")));
        List<String> types = message.get("blocks").findValuesAsText("type").stream()
                .filter(t -> !t.equals("mrkdwn") && !t.equals("plain_text")).toList();
        assertThat(types).containsExactly("header", "context", "section", "context", "section");
        assertThat(message.get("blocks").get(0).get("text").get("text").asText()).isEqualTo("slack-desk desk: 2 stories");
        assertThat(message.get("blocks").get(3).toString()).contains("Also in").contains("laprensagrafica.com");
    }

    @Test
    void htmlMarksTheMatchedWordsEscapesTheArticleAndLinksOnlyWebUrls() {
        Mention hostile = new Mention(1, null, "cecot", 1, "CECOT", "x1", 1, "javascript:alert(1)",
                "<script>CECOT</script> & more", "evil.example", "en", Instant.now(), Instant.now(), "s9", true,
                List.of(new Highlight("title", 8, 13)), "the CECOT prison", List.of("CECOT"), Instant.now(), null,
                List.of(new Highlight("snippet", 4, 9)), null);
        Alert alert = Fixtures.alert("al_x", "desk", hostile);
        Subscription sub = Fixtures.subscription("desk", List.of("cecot"), Fixtures.realtime("fold"), Channel.sse());
        String html = AlertRendering.html(alert, sub);
        assertThat(html).doesNotContain("<script>").doesNotContain("href=\"javascript")
                .contains("&lt;script&gt;<mark>CECOT</mark>&lt;/script&gt; &amp; more")
                .contains("the <mark>CECOT</mark> prison");
        String text = AlertRendering.text(alert, sub);
        assertThat(text).contains("CECOT: <script>CECOT</script> & more").contains("al_x");
        assertThat(AlertRendering.subject(alert, sub)).isEqualTo("[Wirewatch] CECOT: <script>CECOT</script> & more");
    }

    @Test
    void theCecotPhraseIsDrawnAsThePhraseFromTheMatcherSpansAndDeNeverAlone() {
        Mention m = mention("cecot", "a1", "s1", "es", "elfaro.net");
        List<Highlighter.Span> spans = Highlighter.snippetSpans(m);
        assertThat(spans).extracting(s -> m.snippet().substring(s.start(), s.end()))
                .containsExactly("Centro de Confinamiento del Terrorismo", "CECOT");
        String html = AlertRendering.html(Fixtures.alert("al_c", "desk", m),
                Fixtures.subscription("desk", List.of("cecot"), Fixtures.realtime("fold"), Channel.sse()));
        assertThat(html).contains("<mark>Centro de Confinamiento del Terrorismo</mark>").doesNotContain("<mark>de</mark>")
                .doesNotContain("<mark>del</mark>");
        // nothing is searched for again: a snippet without spans is drawn plain, whatever the clauses say
        Mention plain = new Mention(1, null, "t", 1, "T", "a", 1, "https://x.org/a", "T\u00edtulo", "x.org", "es",
                Instant.now(), Instant.now(), "s", true, List.of(), "La reelecci\u00f3n indefinida de los diputados",
                List.of("\"reeleccion indefinida\"", "de"));
        assertThat(Highlighter.snippetSpans(plain)).isEmpty();
    }

    @Test
    void anAlertForTwoTopicsNamesBothAndDrawsTheSpansOfEach() {
        Mention both = Fixtures.matchedTogether("a1", "s1", List.of("cecot", "bukele")).get(1);
        Alert alert = Fixtures.alert("al_b", "desk", both);
        Subscription sub = Fixtures.subscription("desk", List.of("cecot", "bukele"), Fixtures.realtime("fold"),
                Channel.sse());
        assertThat(AlertRendering.subject(alert, sub)).startsWith("[Wirewatch] BUKELE, CECOT: ");
        assertThat(Highlighter.snippetSpans(both)).extracting(s -> both.snippet().substring(s.start(), s.end()))
                .containsExactly("Centro de Confinamiento del Terrorismo", "CECOT");
        JsonNode slack = read(AlertRendering.slack(alert, slack("https://hooks.slack.com/x")));
        assertThat(slack.toString()).contains("*Centro de Confinamiento del Terrorismo* (*CECOT*)");
    }

    private static JsonNode read(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
