package dev.wirewatch.alerter.fanout;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which subscribers of one fan-out partition have seen which articles of one story: the value of the
 * {@code alerter-seen} store, keyed by story id, in a compact text form
 * ({@code article,article|subscriber=hexbits;subscriber=hexbits}, subscriber ids URL-encoded).
 *
 * <p>One record per story and partition, rather than one per subscriber, keeps the changelog small. A story remembers
 * up to {@value #MAX_ARTICLES} articles; a copy beyond them counts as a new copy each time it comes.
 */
final class StoryState {

    static final int MAX_ARTICLES = 64;

    private final List<String> articles;
    private final Map<String, Long> seenBy;

    private StoryState(List<String> articles, Map<String, Long> seenBy) {
        this.articles = articles;
        this.seenBy = seenBy;
    }

    static StoryState empty() {
        return new StoryState(new ArrayList<>(), new LinkedHashMap<>());
    }

    static StoryState decode(String text) {
        StoryState state = empty();
        state.merge(text);
        return state;
    }

    /** Adds what another stored entry knows (entries written at other times for the same story). */
    void merge(String text) {
        int bar = text.indexOf('|');
        String articlePart = bar < 0 ? text : text.substring(0, bar);
        List<String> theirArticles = articlePart.isEmpty() ? List.of() : List.of(articlePart.split(","));
        if (bar < 0 || bar == text.length() - 1) {
            theirArticles.forEach(this::indexOf);
            return;
        }
        for (String entry : text.substring(bar + 1).split(";")) {
            int eq = entry.lastIndexOf('=');
            if (eq <= 0) {
                continue;
            }
            String subscriber = URLDecoder.decode(entry.substring(0, eq), StandardCharsets.UTF_8);
            long theirBits = Long.parseUnsignedLong(entry.substring(eq + 1), 16);
            long ours = seenBy.getOrDefault(subscriber, 0L);
            for (int i = 0; i < theirArticles.size(); i++) {
                if ((theirBits & (1L << i)) != 0) {
                    int index = indexOf(theirArticles.get(i));
                    if (index >= 0) {
                        ours |= 1L << index;
                    }
                }
            }
            seenBy.put(subscriber, ours == 0 ? 1L << 63 : ours);
        }
    }

    /** The index of an article, added when new and there is room; -1 when the story is full. */
    private int indexOf(String article) {
        int at = articles.indexOf(article);
        if (at >= 0) {
            return at;
        }
        if (articles.size() >= MAX_ARTICLES - 1) {
            return -1;
        }
        articles.add(article);
        return articles.size() - 1;
    }

    /** Whether a subscriber has seen any article of this story. */
    boolean seenStory(String subscriber) {
        return seenBy.containsKey(subscriber);
    }

    /** Whether a subscriber has seen this very article. */
    boolean seenArticle(String subscriber, String article) {
        int at = articles.indexOf(article);
        return at >= 0 && (seenBy.getOrDefault(subscriber, 0L) & (1L << at)) != 0;
    }

    /** Records that a subscriber has seen an article of this story. */
    void markSeen(String subscriber, String article) {
        int at = indexOf(article);
        // bit 63 marks "seen the story" when the article itself could not be remembered
        long bit = at >= 0 ? 1L << at : 1L << 63;
        seenBy.merge(subscriber, bit, (a, b) -> a | b);
    }

    String encode() {
        StringBuilder out = new StringBuilder(String.join(",", articles)).append('|');
        boolean first = true;
        for (Map.Entry<String, Long> e : seenBy.entrySet()) {
            if (!first) {
                out.append(';');
            }
            first = false;
            out.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(Long.toHexString(e.getValue()));
        }
        return out.toString();
    }
}
