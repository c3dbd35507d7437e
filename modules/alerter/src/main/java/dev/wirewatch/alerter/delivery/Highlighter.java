package dev.wirewatch.alerter.delivery;

import dev.wirewatch.core.model.Highlight;
import dev.wirewatch.core.model.Mention;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the spans to emphasise in a mention's title and snippet.
 *
 * <p>Title highlights come from the mention itself (offsets into the title). The snippet is an excerpt without
 * offsets, so its spans are found by searching it for the matched words: the highlighted title text and the words
 * and phrases of the query clauses that matched, compared without case or accents (as the matcher compares them).
 */
final class Highlighter {

    private static final Pattern PHRASE = Pattern.compile("\"([^\"]+)\"");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’\\-]*\\*?");
    private static final Set<String> OPERATORS = Set.of("AND", "OR", "NOT");

    /** A half-open span {@code [start, end)}. */
    record Span(int start, int end) {
    }

    private Highlighter() {
    }

    /** The title's highlighted spans, in order, overlapping ones merged, out-of-range ones dropped. */
    static List<Span> titleSpans(Mention mention) {
        String title = mention.title() == null ? "" : mention.title();
        List<Span> spans = new ArrayList<>();
        for (Highlight h : mention.highlights()) {
            if ("title".equals(h.field()) && h.start() >= 0 && h.end() <= title.length() && h.start() < h.end()) {
                spans.add(new Span(h.start(), h.end()));
            }
        }
        return merge(spans);
    }

    /** The spans of the snippet that show the matched words. */
    static List<Span> snippetSpans(Mention mention) {
        String snippet = mention.snippet() == null ? "" : mention.snippet();
        if (snippet.isEmpty()) {
            return List.of();
        }
        String folded = fold(snippet);
        List<Span> spans = new ArrayList<>();
        for (String term : terms(mention)) {
            boolean prefix = term.endsWith("*");
            String needle = fold(prefix ? term.substring(0, term.length() - 1) : term);
            if (needle.length() < 2) {
                continue;
            }
            int from = 0;
            while (true) {
                int at = folded.indexOf(needle, from);
                if (at < 0) {
                    break;
                }
                int end = at + needle.length();
                boolean startsWord = at == 0 || !Character.isLetterOrDigit(folded.charAt(at - 1));
                if (prefix) {
                    while (end < folded.length() && Character.isLetterOrDigit(folded.charAt(end))) {
                        end++;
                    }
                }
                boolean endsWord = end == folded.length() || !Character.isLetterOrDigit(folded.charAt(end));
                if (startsWord && endsWord) {
                    spans.add(new Span(at, end));
                }
                from = at + 1;
            }
        }
        return merge(spans);
    }

    private static Set<String> terms(Mention mention) {
        Set<String> terms = new LinkedHashSet<>();
        String title = mention.title() == null ? "" : mention.title();
        for (Span span : titleSpans(mention)) {
            terms.add(title.substring(span.start(), span.end()));
        }
        for (String clause : mention.matchedClauses()) {
            String rest = clause;
            Matcher phrases = PHRASE.matcher(clause);
            while (phrases.find()) {
                terms.add(phrases.group(1));
            }
            rest = PHRASE.matcher(rest).replaceAll(" ");
            Matcher words = WORD.matcher(rest.replaceAll("\\b(?:title|body|lang|source):\\S*", " "));
            while (words.find()) {
                String word = words.group();
                if (!OPERATORS.contains(word) && !word.startsWith("NEAR")) {
                    terms.add(word);
                }
            }
        }
        return terms;
    }

    /**
     * Lower case without accents, one character for each character of the input, so that offsets in the folded text
     * are offsets in the original.
     */
    static String fold(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128) {
                out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
                continue;
            }
            String decomposed = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
            char base = decomposed.isEmpty() ? c : decomposed.charAt(0);
            out.append(String.valueOf(base).toLowerCase(Locale.ROOT).charAt(0));
        }
        return out.toString();
    }

    private static List<Span> merge(List<Span> spans) {
        if (spans.size() < 2) {
            return spans;
        }
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingInt(Span::start));
        List<Span> out = new ArrayList<>();
        Span current = sorted.get(0);
        for (Span next : sorted.subList(1, sorted.size())) {
            if (next.start() <= current.end()) {
                current = new Span(current.start(), Math.max(current.end(), next.end()));
            } else {
                out.add(current);
                current = next;
            }
        }
        out.add(current);
        return out;
    }
}
