package dev.wirewatch.core.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The valid word nearest to one that was not understood (a flag, a command, a JSON field, a setting), so that an error
 * can say "did you mean ...?".
 */
public final class Nearest {

    private Nearest() {
    }

    /**
     * What to say after naming a word that is not understood: {@code "; did you mean 'x'?"} for the nearest of
     * {@code valid}, or the valid words when none is near.
     */
    public static String suggestion(String word, Collection<String> valid) {
        Optional<String> nearest = nearest(word, valid);
        if (nearest.isPresent()) {
            return "; did you mean '" + nearest.get() + "'?";
        }
        return valid.isEmpty() ? "" : "; expected " + String.join(", ", valid);
    }

    /** The valid word nearest to {@code word} (edit distance, a swap of two letters counting one), if one is near. */
    public static Optional<String> nearest(String word, Collection<String> valid) {
        String lower = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : valid) {
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            String bare = candidate.replaceFirst("^-+", "");
            boolean prefix = lower.replaceFirst("^-+", "").length() >= 2
                    && (bare.startsWith(lower.replaceFirst("^-+", "")) || lower.replaceFirst("^-+", "").startsWith(bare));
            if (prefix) {
                distance = Math.min(distance, 1);
            }
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        int allowed = Math.max(2, word.replaceFirst("^-+", "").length() / 3);
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
