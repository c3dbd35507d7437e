package dev.wirewatch.tagger;

import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.Highlight;
import dev.wirewatch.core.model.MatchedTopic;
import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.model.TrackedTopic;
import dev.wirewatch.matcher.Document;
import dev.wirewatch.matcher.Match;
import dev.wirewatch.matcher.SnippetSpans;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches each article against every tracked topic and passes on those that match, as a {@link TaggedArticle}
 * keyed by article id.
 *
 * <p>This is the expensive, parallel step: it runs in one task per partition of the articles topic. An exception
 * thrown here reaches the processing exception handler, which sends the article to the dead-letter topic.
 */
final class MatchProcessor implements Processor<String, Article, String, TaggedArticle> {

    private static final Logger LOG = LoggerFactory.getLogger(MatchProcessor.class);

    private final TopicIndex index;
    private final Counter matched;
    private final Counter unmatched;
    private final Counter skipped;
    private final Timer matchTime;
    private final Timer fetchedToMatched;
    private ProcessorContext<String, TaggedArticle> context;

    MatchProcessor(TopicIndex index, MeterRegistry meters) {
        this.index = index;
        this.matched = articles(meters, "matched");
        this.unmatched = articles(meters, "unmatched");
        this.skipped = articles(meters, "skipped");
        this.matchTime = Timer.builder(TaggerMeters.MATCH_TIME)
                .description("time to match one article against every tracked topic").register(meters);
        this.fetchedToMatched = Timer.builder(TaggerMeters.FRESHNESS).tag("hop", "fetched-to-matched")
                .publishPercentiles(0.5, 0.9)
                .description("from the fetch of an article that matched to the end of its matching").register(meters);
    }

    /**
     * Every topic the article matched, as listed in the mention of {@code own}: title spans as they are, and each
     * topic's body or title spans carried into {@code own}'s snippet, so that an alert for several topics highlights
     * the words of each in the one snippet it shows.
     */
    private static List<MatchedTopic> matchedTopics(Article article, Match own, List<Match> matches,
            List<TrackedTopic> topics, Integer[] order) {
        List<MatchedTopic> out = new ArrayList<>(order.length);
        String text = "title".equals(own.snippetField()) ? article.title() : article.bodyOrSummary();
        for (Integer i : order) {
            Match m = matches.get(i);
            List<Highlight> spans = new ArrayList<>();
            for (Highlight h : m.highlights()) {
                if ("title".equals(h.field())) {
                    spans.add(h);
                }
            }
            spans.addAll(m == own ? own.snippetHighlights()
                    : SnippetSpans.project(text, own.snippetField(), own.snippetFrom(), own.snippet(), m.highlights()));
            out.add(new MatchedTopic(topics.get(i).id(), topics.get(i).name(), spans, m.matchedClauses()));
        }
        return out;
    }

    private static Counter articles(MeterRegistry meters, String result) {
        return Counter.builder(TaggerMeters.ARTICLES).tag("result", result)
                .description("articles read by the tagger, by outcome").register(meters);
    }

    @Override
    public void init(ProcessorContext<String, TaggedArticle> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Article> record) {
        Article article = record.value();
        if (article == null) {
            skipped.increment();
            LOG.warn("Skipped an empty article record keyed {}", record.key());
            return;
        }
        long start = System.nanoTime();
        List<Match> matches = index.match(new Document(article.title(), article.bodyOrSummary(), article.language(),
                article.source()));
        List<TaggedArticle.Tag> tags = new ArrayList<>(matches.size());
        List<Match> kept = new ArrayList<>(matches.size());
        List<TrackedTopic> topics = new ArrayList<>(matches.size());
        for (Match match : matches) {
            TrackedTopic topic = index.definition(match.topicId());
            if (topic != null) {
                // a topic removed between matching and now: the removal wins
                kept.add(match);
                topics.add(topic);
            }
        }
        // in topic id order, so that every mention of the article lists its topics alike
        Integer[] order = new Integer[kept.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(i -> topics.get(i).id()));
        for (Integer i : order) {
            Match match = kept.get(i);
            TrackedTopic topic = topics.get(i);
            Mention mention = new Mention(Mention.SCHEMA_VERSION, null, topic.id(), topic.version(), topic.name(),
                    article.id(), article.version(), article.url(), article.title(), article.source(),
                    article.language(), article.publishedAt(), null, null, false, match.highlights(), match.snippet(),
                    match.matchedClauses(), article.fetchedAt(), matchedTopics(article, match, kept, topics, order),
                    match.snippetHighlights(), article.feedId());
            // written here, where matching spreads over tasks; the story task only appends its fields
            tags.add(new TaggedArticle.Tag(topic.id(), MentionJson.body(mention)));
        }
        matchTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (tags.isEmpty()) {
            unmatched.increment();
            return;
        }
        matched.increment();
        Instant now = Instant.now();
        if (article.fetchedAt() != null && !now.isBefore(article.fetchedAt())) {
            fetchedToMatched.record(Duration.between(article.fetchedAt(), now));
        }
        OptionalLong fingerprint = SimHash.fingerprint(article.bodyOrSummary());
        Long fp = fingerprint.isPresent() ? fingerprint.getAsLong() : null;
        LOG.debug("Article {} matched {} topics", article.id(), tags.size());
        context.forward(record.withKey(article.id()).withValue(new TaggedArticle(article.id(), fp, tags)));
    }
}
