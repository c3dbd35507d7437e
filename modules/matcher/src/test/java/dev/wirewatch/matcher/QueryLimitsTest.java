package dev.wirewatch.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Queries built to explode (thousands of prefixes, 10,000 OR alternatives, nesting 10,000 deep) are refused with a
 * reason, within the limits that docs/reliability.md states; the largest query within the limits still compiles and
 * matches.
 */
class QueryLimitsTest {

    /** A guard against a hang, not a measurement: each refusal takes milliseconds. */
    private static final Duration HANG = Duration.ofSeconds(20);

    @Test
    void theLimitsAreTheOnesDocumented() {
        assertThat(QueryParser.MAX_QUERY_LENGTH).isEqualTo(10_000);
        assertThat(QueryParser.MAX_ATOMS).isEqualTo(1_000);
        assertThat(QueryParser.MAX_DEPTH).isEqualTo(64);
    }

    @Test
    void thousandsOfPrefixesAreRefused() {
        String query = String.join(" ", prefixes(1_500));
        assertThat(query.length()).isLessThan(QueryParser.MAX_QUERY_LENGTH);
        refused(query, "more than " + QueryParser.MAX_ATOMS);
    }

    @Test
    void tenThousandOrAlternativesAreRefused() {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            words.add("w" + i);
        }
        refused(String.join(" OR ", words), "longer than " + QueryParser.MAX_QUERY_LENGTH);
        // as many as fit in the length limit are refused by the atom limit
        String fitting = String.join(" OR ", prefixes(1_200)).replace("*", "");
        assertThat(fitting.length()).isLessThan(QueryParser.MAX_QUERY_LENGTH);
        refused(fitting, "more than " + QueryParser.MAX_ATOMS);
    }

    @Test
    void nestingTenThousandDeepIsRefused() {
        refused("(".repeat(10_000) + "cecot" + ")".repeat(10_000), "longer than " + QueryParser.MAX_QUERY_LENGTH);
        refused("(".repeat(4_000) + "cecot" + ")".repeat(4_000), "nested more than " + QueryParser.MAX_DEPTH);
        refused("(".repeat(4_000) + "cecot", "nested more than " + QueryParser.MAX_DEPTH);
        refused("NOT ".repeat(2_000) + "cecot", null);
        refused("title:(".repeat(1_000) + "cecot" + ")".repeat(1_000), null);
    }

    @Test
    void theLargestQueryWithinTheLimitsCompilesAndMatches() {
        List<String> alternatives = prefixes(QueryParser.MAX_ATOMS - 1);
        String query = "(" + String.join(" OR ", alternatives) + ") AND cecot";
        assertTimeoutPreemptively(HANG, () -> {
            TopicMatcher matcher = new TopicMatcher();
            matcher.put("big", query);
            assertThat(matcher.matchingTopicIds(new Document("CECOT", "the " + alternatives.get(500).replace("*", "x")
                    + " report", "en", "example.org"))).containsExactly("big");
        });
        String deep = "(".repeat(QueryParser.MAX_DEPTH - 1) + "cecot" + ")".repeat(QueryParser.MAX_DEPTH - 1);
        assertTimeoutPreemptively(HANG, () -> TopicMatcher.verify(Query.parse(deep)));
    }

    /** Distinct three-letter prefixes: aaa*, aab*, ... */
    private static List<String> prefixes(int count) {
        List<String> prefixes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            prefixes.add("" + (char) ('a' + i / 676 % 26) + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26) + "*");
        }
        return prefixes;
    }

    private static void refused(String query, String reason) {
        assertTimeoutPreemptively(HANG, () -> assertThatThrownBy(() -> TopicMatcher.verify(Query.parse(query)))
                .isInstanceOf(QueryException.class)
                .satisfies(e -> {
                    QueryException q = (QueryException) e;
                    assertThat(q.getMessage()).isNotBlank();
                    if (reason != null) {
                        assertThat(q.getMessage()).contains(reason);
                    }
                    assertThat(q.getHint()).isNotBlank();
                    assertThat(q.getPosition()).isBetween(0, query.length());
                }));
    }
}
