package dev.wirewatch.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing of the query language: any text, and any sequence of its tokens, ends in a compiled query that can match or
 * in a {@link QueryException} with a reason, a hint and a position; never another exception, a hang or a stack
 * overflow. The number of tries is {@code jqwik.tries.default} (300 in the default build, 5,000 with {@code -Pfaults}).
 */
class QueryFuzzTest {

    private static final Duration HANG = Duration.ofSeconds(10);
    private static final Document DOC = new Document("Bukele and CECOT", "Pegasus spyware found on the phones of El Faro's"
            + " reporters; MS-13 and the term limits of the Asamblea", "en", "elfaro.net");

    @Property
    void anyTextIsAQueryOrAClearError(@ForAll String text) {
        check(text);
    }

    @Property
    void anySequenceOfQueryTokensIsAQueryOrAClearError(@ForAll("tokenSequences") String text) {
        check(text);
    }

    @Provide
    Arbitrary<String> tokenSequences() {
        Arbitrary<String> token = Arbitraries.oneOf(
                Arbitraries.of("cecot", "Bukele", "MS-13", "pegasus", "spy*", "ab*", "*", "\"term limits\"", "\"", "(", ")",
                        "AND", "OR", "NOT", "-", "NEAR/5", "NEAR/", "NEAR/99999", "title:", "body:", "lang:es", "source:elfaro.net",
                        "lang:", "x:", "d'Aubuisson", "Bukele’s", "ñandú", "\u0000", "\uD83D\uDE00", "'", "&&", "||"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(12));
        return token.list().ofMinSize(1).ofMaxSize(40).map(tokens -> String.join(" ", tokens));
    }

    private static void check(String text) {
        assertTimeoutPreemptively(HANG, () -> {
            try {
                Query query = Query.parse(text);
                TopicMatcher matcher = new TopicMatcher();
                matcher.put("fuzz", query);
                List<String> ids = matcher.matchingTopicIds(DOC);
                assertThat(ids).isSubsetOf("fuzz");
            } catch (QueryException e) {
                assertThat(e.getMessage()).as("a reason").isNotBlank();
                assertThat(e.getHint()).as("a hint").isNotBlank();
                assertThat(e.getPosition()).as("a position inside the query").isBetween(0, Math.max(0, text.length()));
            }
        });
    }
}
