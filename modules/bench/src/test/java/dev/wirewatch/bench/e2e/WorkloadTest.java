package dev.wirewatch.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.wirewatch.alerter.webhook.WebhookSignature;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.Subscription;
import dev.wirewatch.core.model.TrackedTopic;
import dev.wirewatch.matcher.Query;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    static Corpus corpus() {
        return new Corpus(List.of(
                new Corpus.Item("a", "Bukele y la reelección", "El presidente Nayib Bukele anunció el lunes que buscará "
                        + "la reelección indefinida.\nLa Asamblea Legislativa aprobó la reforma constitucional sin debate.",
                        "es", "elfaro.net", null),
                new Corpus.Item("b", "CECOT prison", "The Terrorist Confinement Center, known as CECOT, holds thousands "
                        + "of inmates accused of belonging to MS-13 and other gangs, according to officials in San Salvador.",
                        "en", "example.com", null),
                new Corpus.Item("c", "Pegasus spyware", "Researchers found Pegasus spyware made by NSO Group on the phones "
                        + "of journalists at El Faro, in one of the largest cases of its kind in Central America.", "en",
                        "citizenlab.ca", "<html><p>Raw. Page</p></html>".getBytes(StandardCharsets.UTF_8))), 1, 1, 1);
    }

    @Test
    void cyclesThroughTheCorpusWithAUrlPerArticle() {
        Workload w = new Workload(corpus(), "run1", List.of(), List.of());
        assertThat(w.plan(0).item().origin()).isEqualTo("a");
        assertThat(w.plan(4).item().origin()).isEqualTo("b");
        assertThat(w.plan(4).cycle()).isEqualTo(1);
        Set<String> ids = new HashSet<>();
        for (long seq = 0; seq < 30; seq++) {
            Article article = w.article(seq, Instant.EPOCH);
            assertThat(ids.add(article.id())).isTrue();
            assertThat(article.url()).contains("/run1/" + seq);
        }
        Article first = w.article(0, Instant.EPOCH);
        assertThat(first.source()).isEqualTo("elfaro.net");
        assertThat(first.language()).isEqualTo("es");
        assertThat(first.body()).isEqualTo(corpus().items().get(0).text());
    }

    @Test
    void repeatsCarryTheirCycleMarkerEveryTenWords() {
        String text = "one two three four five six seven eight nine ten eleven twelve\nthirteen";
        assertThat(Workload.perturb(text, "")).isEqualTo(text);
        assertThat(Workload.marker(0)).isEmpty();
        assertThat(Workload.marker(1)).isNotEqualTo(Workload.marker(2));
        assertThat(Workload.perturb(text, "wwc1"))
                .isEqualTo("one two three four five six seven eight nine ten wwc1 eleven twelve\nthirteen");
        Workload w = new Workload(corpus(), "run1", List.of(), List.of());
        assertThat(w.article(3, Instant.EPOCH).body()).contains(" wwc1 ");
    }

    @Test
    void rawPagesGetTheirCanonicalLinkAndMarkers() {
        byte[] html = "<html><p>One. Two</P></html>".getBytes(StandardCharsets.UTF_8);
        String first = new String(Workload.perturbHtml(html, "", "http://127.0.1.1:80/a/r/1"), StandardCharsets.UTF_8);
        assertThat(first).startsWith("<link rel=\"canonical\" href=\"http://127.0.1.1:80/a/r/1\">")
                .endsWith("<html><p>One. Two</P></html>");
        String later = new String(Workload.perturbHtml(html, "wwc2", "u"), StandardCharsets.UTF_8);
        assertThat(later).endsWith("<html><p>One. wwc2 Two wwc2</P></html>");
        Workload w = new Workload(corpus(), "run1", List.of(), List.of());
        assertThat(new String(Workload.page(w.plan(2), "u"), StandardCharsets.UTF_8)).contains("Raw. Page");
        String generated = new String(Workload.page(w.plan(1), "http://x/a/1"), StandardCharsets.UTF_8);
        assertThat(generated).contains("<link rel=\"canonical\" href=\"http://x/a/1\">").contains("<h1>CECOT prison</h1>")
                .contains("<html lang=\"en\">");
    }

    @Test
    void topicsAndSubscriptionsAreReproducible() {
        List<TrackedTopic> topics = Workload.topics(corpus(), 20);
        assertThat(topics).hasSize(20);
        assertThat(Workload.topics(corpus(), 20).stream().map(TrackedTopic::query).toList())
                .isEqualTo(topics.stream().map(TrackedTopic::query).toList());
        topics.forEach(t -> assertThatCode(() -> Query.parse(t.query())).doesNotThrowAnyException());
        List<Subscription> subscriptions = Workload.subscriptions(topics, 5, 3, "http://127.0.0.1:1/hook");
        assertThat(subscriptions).hasSize(5).allSatisfy(s -> {
            assertThat(s.topics()).hasSize(3).doesNotHaveDuplicates();
            assertThat(s.mode().type()).isEqualTo("realtime");
        });
        assertThat(subscriptions.get(4).channel().url()).isEqualTo("http://127.0.0.1:1/hook/4");
        assertThat(Workload.subscriptions(topics, 5, 3, "http://127.0.0.1:1/hook").get(2).topics())
                .isEqualTo(subscriptions.get(2).topics());
    }

    @Test
    void secretsSignAndVerify() throws Exception {
        WebhookSignature signer = WebhookSignature.of(Workload.secret(3));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        String signature = signer.sign("a1", now, body);
        assertThatCode(() -> WebhookSignature.of(Workload.secret(3)).verify("a1", Long.toString(now), signature, body,
                Instant.now())).doesNotThrowAnyException();
        assertThat(Workload.secret(3)).isNotEqualTo(Workload.secret(4));
    }
}
