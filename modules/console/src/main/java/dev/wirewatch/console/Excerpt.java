package dev.wirewatch.console;

import dev.wirewatch.core.model.Highlight;
import java.util.ArrayList;
import java.util.List;

/**
 * A short excerpt of a text around its first hit, with every hit inside it marked, so that the dashboard can show
 * highlighted snippets without the whole article.
 *
 * @param text the excerpt, white space collapsed, with an ellipsis where text was cut
 * @param marks {@code [start, end)} offsets of hits in {@link #text}
 */
record Excerpt(String text, List<int[]> marks) {

    private static final int BEFORE = 80;
    private static final int AFTER = 160;

    /** The excerpt of {@code text} around the first of the highlights of {@code field}; the start of the text if none. */
    static Excerpt of(String text, String field, List<Highlight> highlights) {
        List<Highlight> hits = highlights.stream().filter(h -> field.equals(h.field()))
                .filter(h -> h.start() >= 0 && h.end() <= text.length() && h.start() < h.end()).toList();
        int anchor = hits.isEmpty() ? 0 : hits.get(0).start();
        int from = Math.max(0, anchor - BEFORE);
        int to = Math.min(text.length(), anchor + AFTER);
        if (from > 0) {
            int space = text.indexOf(' ', from);
            from = space >= 0 && space < anchor ? space + 1 : from;
        }
        if (to < text.length()) {
            int space = text.lastIndexOf(' ', to);
            to = space > anchor ? space : to;
        }
        StringBuilder out = new StringBuilder();
        int[] position = new int[text.length() + 1];
        if (from > 0) {
            out.append('\u2026');
        }
        boolean space = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
                position[i] = out.length();
                continue;
            }
            if (space && out.length() > 0 && out.charAt(out.length() - 1) != '\u2026') {
                out.append(' ');
            }
            space = false;
            position[i] = out.length();
            out.append(c);
        }
        position[to] = out.length();
        List<int[]> marks = new ArrayList<>();
        for (Highlight h : hits) {
            int start = Math.max(h.start(), from);
            int end = Math.min(h.end(), to);
            if (start < end) {
                marks.add(new int[] {position[start], position[end - 1] + 1});
            }
        }
        if (to < text.length()) {
            out.append('\u2026');
        }
        return new Excerpt(out.toString(), List.copyOf(marks));
    }
}
