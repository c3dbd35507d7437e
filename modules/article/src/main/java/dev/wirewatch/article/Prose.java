package dev.wirewatch.article;

import java.util.IdentityHashMap;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * The prose of a page: per element, the length of the paragraphs below it that are long enough to be prose
 * (60 characters), the longest such paragraph, and the paragraph that repeats the page's description (its lead).
 */
record Prose(Map<Element, Integer> below, Map<Element, Integer> longestBelow, int total, String lead) {

    static final Prose NONE = new Prose(Map.of(), Map.of(), 0, null);
    private static final Evaluator LEAD_ELSEWHERE = QueryParser.parse(
            "h2, div.lead, div.intro, div.standfirst, div[class*=subtitle], div[class*=teaser]");

    static Prose of(Element body, String description) {
        Map<Element, Integer> below = new IdentityHashMap<>();
        Map<Element, Integer> longest = new IdentityHashMap<>();
        int total = 0;
        String lead = null;
        String prefix = description == null || description.length() < 60 ? null
                : description.length() > 80 ? description.substring(0, 80) : description;
        for (Element p : body.getElementsByTag("p")) {
            String text = p.text();
            int n = text.length();
            if (prefix != null && lead == null && n >= description.length() && n < description.length() + 40
                    && text.startsWith(prefix)) {
                lead = Text.squash(text);
            }
            if (n < 60) {
                continue;
            }
            total += n;
            for (Element a = p; a != null; a = a.parent()) {
                below.merge(a, n, Integer::sum);
                longest.merge(a, n, Math::max);
                if (a == body) {
                    break;
                }
            }
        }
        if (prefix != null && lead == null) {
            for (Element e : body.select(LEAD_ELSEWHERE)) {
                String text = e.text();
                if (text.length() >= description.length() && text.length() < description.length() + 40 && text.startsWith(prefix)) {
                    lead = Text.squash(text);
                    break;
                }
            }
        }
        return new Prose(below, longest, total, lead);
    }

    int of(Element e) {
        return below.getOrDefault(e, 0);
    }

    int longest(Element e) {
        return longestBelow.getOrDefault(e, 0);
    }
}
