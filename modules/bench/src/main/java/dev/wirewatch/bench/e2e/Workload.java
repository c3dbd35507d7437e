package dev.wirewatch.bench.e2e;

import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.ArticleIds;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.DeliveryMode;
import dev.wirewatch.core.model.Subscription;
import dev.wirewatch.core.model.TrackedTopic;
import dev.wirewatch.matcher.Document;
import dev.wirewatch.matcher.QueryGenerator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * What the run publishes: the corpus articles in a cycle, each with a URL of its own, and the tracked topics and
 * subscriptions that read them.
 *
 * <p>Published article {@code n} is corpus item {@code n % size} in cycle {@code n / size}. A repeat of a text would
 * join the story of its earlier copy (the tagger clusters near-duplicates by SimHash), and a subscriber is alerted once
 * per story: after one pass over the corpus nearly every alert would be folded into a digest. So from the second cycle
 * on, a cycle-unique word ({@link #marker}) follows every tenth word of the text (in raw HTML pages: every sentence end
 * and paragraph end), which moves the fingerprint well beyond the story distance and changes no match of a single
 * word; a phrase or NEAR that spans an inserted word may no longer match, which the expected counts take into account,
 * since they are computed on the very texts the tagger read.
 */
final class Workload {

    /** The seed of the query generator and of the subscriptions, as in the matcher benchmarks. */
    static final long SEED = 42L;
    /** A marker word follows every this many words of a repeated text. */
    static final int MARKER_EVERY = 10;

    private final Corpus corpus;
    private final String runId;
    private final List<TrackedTopic> topics;
    private final List<Subscription> subscriptions;
    private final Map<String, Integer> topicIndex = new HashMap<>();

    /** One published article: which corpus item, in which cycle, under which sequence number. */
    record Planned(long seq, Corpus.Item item, int cycle) {
    }

    Workload(Corpus corpus, String runId, List<TrackedTopic> topics, List<Subscription> subscriptions) {
        this.corpus = corpus;
        this.runId = runId;
        this.topics = List.copyOf(topics);
        this.subscriptions = List.copyOf(subscriptions);
        for (int i = 0; i < topics.size(); i++) {
            topicIndex.put(topics.get(i).id(), i);
        }
    }

    /** The workload of a run: {@code topics} generated topics, {@code subscriptions} webhooks under {@code hookBase}. */
    static Workload create(Corpus corpus, String runId, int topics, int subscriptions, int perSubscription, String hookBase) {
        List<TrackedTopic> tracked = topics(corpus, topics);
        return new Workload(corpus, runId, tracked, subscriptions(tracked, subscriptions, perSubscription, hookBase));
    }

    /** {@code count} tracked topics from {@link QueryGenerator} on the corpus, seed 42, ids {@code q000000}... */
    static List<TrackedTopic> topics(Corpus corpus, int count) {
        List<Document> documents = corpus.items().stream().map(Corpus.Item::document).toList();
        List<String> queries = new QueryGenerator(documents, SEED).generate(count);
        List<TrackedTopic> topics = new ArrayList<>(count);
        for (int i = 0; i < queries.size(); i++) {
            String id = String.format(Locale.ROOT, "q%06d", i);
            topics.add(TrackedTopic.of(id, "Query " + i, queries.get(i)));
        }
        return topics;
    }

    /** Real-time webhook subscriptions, each on {@code perSubscription} distinct topics drawn with seed 42. */
    static List<Subscription> subscriptions(List<TrackedTopic> topics, int count, int perSubscription, String hookBase) {
        Random random = new Random(SEED);
        List<Subscription> subscriptions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Set<String> chosen = new LinkedHashSet<>();
            while (chosen.size() < perSubscription) {
                chosen.add(topics.get(random.nextInt(topics.size())).id());
            }
            String id = String.format(Locale.ROOT, "s%05d", i);
            subscriptions.add(new Subscription(Subscription.SCHEMA_VERSION, id, "Desk " + i, "bench", List.copyOf(chosen),
                    List.of(), List.of(), DeliveryMode.realtime(), Channel.webhook(hookBase + "/" + i, secret(i)), true,
                    null, Instant.now()));
        }
        return subscriptions;
    }

    /** The signing secret of subscription {@code index}. */
    static String secret(int index) {
        return "whsec_" + Base64.getEncoder().encodeToString(("bench-secret-" + index).getBytes(StandardCharsets.UTF_8));
    }

    List<TrackedTopic> topics() {
        return topics;
    }

    List<Subscription> subscriptions() {
        return subscriptions;
    }

    Corpus corpus() {
        return corpus;
    }

    String runId() {
        return runId;
    }

    /** The index of a topic id in {@link #topics()}, or -1. */
    int topicIndex(String topicId) {
        Integer i = topicIndex.get(topicId);
        return i == null ? -1 : i;
    }

    /** Published article number {@code seq}. */
    Planned plan(long seq) {
        int size = corpus.items().size();
        return new Planned(seq, corpus.items().get((int) (seq % size)), (int) (seq / size));
    }

    /** The text of a planned article as published: the corpus text, with the cycle's marker words from cycle 1 on. */
    static String text(Planned planned) {
        return perturb(planned.item().text(), marker(planned.cycle()));
    }

    /** The word that marks cycle {@code cycle}, or an empty string for the first. */
    static String marker(int cycle) {
        return cycle == 0 ? "" : "wwc" + Integer.toString(cycle, 36);
    }

    /** Inserts {@code marker} after every {@link #MARKER_EVERY}th word, keeping the text's own whitespace. */
    static String perturb(String text, String marker) {
        if (marker.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + text.length() / 8);
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean space = Character.isWhitespace(c);
            if (space && inWord) {
                words++;
                if (words % MARKER_EVERY == 0) {
                    out.append(' ').append(marker);
                }
            }
            inWord = !space;
            out.append(c);
        }
        return out.toString();
    }

    /**
     * A raw page as the farm serves it: a canonical link to the farm's own URL first (so the collector keeps the URL of
     * this copy rather than the page's original), and from cycle 1 on the marker after each sentence end ({@code ". "})
     * and before each {@code </p}. Works on the bytes, so the page keeps its original encoding.
     */
    static byte[] perturbHtml(byte[] html, String marker, String canonicalUrl) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(html.length + html.length / 16 + 128);
        int start = 0;
        if (html.length >= 3 && (html[0] & 0xFF) == 0xEF && (html[1] & 0xFF) == 0xBB && (html[2] & 0xFF) == 0xBF) {
            out.write(html, 0, 3);
            start = 3;
        }
        out.writeBytes(("<link rel=\"canonical\" href=\"" + canonicalUrl + "\">\n").getBytes(StandardCharsets.US_ASCII));
        byte[] mark = (" " + marker).getBytes(StandardCharsets.US_ASCII);
        for (int i = start; i < html.length; i++) {
            byte b = html[i];
            if (!marker.isEmpty() && b == '<' && i + 2 < html.length && html[i + 1] == '/'
                    && (html[i + 2] == 'p' || html[i + 2] == 'P')) {
                out.writeBytes(mark);
            }
            out.write(b);
            if (!marker.isEmpty() && b == '.' && i + 1 < html.length && html[i + 1] == ' ') {
                out.writeBytes(mark);
            }
        }
        return out.toByteArray();
    }

    /** A plain article page around a text: a headline, one paragraph per line, and a canonical link to itself. */
    static byte[] page(String title, String text, String language, String url) {
        StringBuilder html = new StringBuilder(text.length() + 600);
        html.append("<!DOCTYPE html>\n<html");
        if (language != null && !language.isBlank()) {
            html.append(" lang=\"").append(escape(language)).append('"');
        }
        html.append("><head><meta charset=\"utf-8\"><title>").append(escape(title)).append("</title>")
                .append("<link rel=\"canonical\" href=\"").append(escape(url)).append("\"></head>\n<body>")
                .append("<header><nav><a href=\"/\">Front page</a> <a href=\"/world\">World</a></nav></header>\n")
                .append("<main><article><h1>").append(escape(title)).append("</h1>\n");
        for (String paragraph : text.split("\n")) {
            if (!paragraph.isBlank()) {
                html.append("<p>").append(escape(paragraph.strip())).append("</p>\n");
            }
        }
        html.append("</article></main>\n<footer><p>Wirewatch bench feed farm</p></footer></body></html>\n");
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The page of a planned article at {@code url}: the raw page where the corpus has one, else a plain one. */
    static byte[] page(Planned planned, String url) {
        Corpus.Item item = planned.item();
        if (item.rawHtml() != null) {
            return perturbHtml(item.rawHtml(), marker(planned.cycle()), url);
        }
        return page(item.title(), text(planned), item.language(), url);
    }

    /** The URL under which the Kafka source publishes article {@code seq}: the corpus item's host, a run-unique path. */
    String kafkaUrl(Planned planned) {
        String host = planned.item().source().isEmpty() ? "bench.example" : planned.item().source();
        return "https://" + host + "/wirewatch-bench/" + runId + "/" + planned.seq();
    }

    /** The article that the Kafka source produces for {@code seq}. */
    Article article(long seq, Instant now) {
        Planned planned = plan(seq);
        String url = kafkaUrl(planned);
        Corpus.Item item = planned.item();
        String body = text(planned);
        return new Article(Article.SCHEMA_VERSION, ArticleIds.idFor(url), 1, url, ArticleIds.canonicalize(url), "bench",
                item.source().isEmpty() ? "bench.example" : item.source(), item.title(), null, body, null,
                item.language(), now, now, ArticleIds.sha256Hex(item.title() + "\n" + body).substring(0, 32));
    }

    /** What the tagger reads of an article. */
    static Document document(Article article) {
        return new Document(article.title(), article.bodyOrSummary(), article.language(), article.source());
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** XML text escaping for the farm's feeds. */
    static String xml(String text) {
        return escape(text == null ? "" : text).replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", " ");
    }
}
