package dev.wirewatch.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParserTest {

    @ParameterizedTest(name = "{0} -> {1} at {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "Bukele AND \"term limits        | unclosed quote                          | 11",
        "NOT cecot                       | query matches articles that contain none of its words | 0",
        "bukele OR NOT cecot             | query matches articles that contain none of its words | 10",
        "-cecot                          | query matches articles that contain none of its words | 0",
        "ab*                             | prefix 'ab*' is too short               | 0",
        "bukele ms*                      | prefix 'ms*' is too short               | 7",
        "fo*o                            | '*' only ends a prefix                  | 2",
        "(bukele OR cecot                | unclosed parenthesis                    | 0",
        "bukele)                         | unexpected ')'                          | 6",
        "()                              | empty parentheses                       | 0",
        "AND bukele                      | AND without a left-hand side            | 0",
        "bukele OR                       | OR without a right-hand side            | 7",
        "bukele AND                      | AND without a right-hand side           | 7",
        "a NEAR/3 b NEAR/3 c             | NEAR does not chain                     | 11",
        "pegasus NEAR spyware            | NEAR needs a distance                   | 8",
        "pegasus NEAR/x spyware          | NEAR needs a distance                   | 8",
        "pegasus NEAR/5 (spyware AND nso)| NEAR operands must be words, prefixes, phrases or (a OR b) lists | 16",
        "pegasus NEAR/5 -nso             | NEAR operands cannot be negated         | 15",
        "title:pegasus NEAR/5 body:nso   | NEAR operands in different fields can never be near | 14",
        "pegasus NEAR/5 lang:es          | NEAR operands must be words, prefixes, phrases or (a OR b) lists | 15",
        "title:(bukele OR body:cecot)    | 'body:' inside a different field scope  | 17",
        "title:lang:es                   | filters cannot be scoped to a field     | 6",
        "tittle:bukele                   | unknown field 'tittle:'                 | 0",
        "lang:                           | 'lang:' without a value                 | 0",
        "source:bad/host bukele          | 'bad/host' is not a host name           | 7",
        "¿?                              | '¿?' has no letters or digits to search | 0",
        "\"¡!\" bukele                   | phrase without letters or digits        | 0",
        "bukele -bukele                  | query can never match                   | 0",
        "bukele -                        | '-' with nothing to exclude             | 7",
        "title:                          | 'title:' without a word, phrase or (group) | 0",
        "co-op*                          | a prefix must be one word               | 0",
    })
    void rejectsWithPositionAndHint(String query, String problem, int position) {
        assertThatThrownBy(() -> Query.parse(query.strip()))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(problem + " at " + position);
                    assertThat(e.getPosition()).isEqualTo(position);
                    assertThat(e.getHint()).isNotBlank();
                });
    }

    @Test
    void deeplyNestedQueriesAreRefusedWithThePositionWhereTheyGoTooDeep() {
        String parens = "(".repeat(4000) + "cecot" + ")".repeat(4000);
        assertThatThrownBy(() -> Query.parse(parens)).isInstanceOf(QueryException.class)
                .hasMessage("nested more than 64 levels deep at 64");
        String nots = "bukele " + "NOT ".repeat(2000) + "cecot";
        assertThatThrownBy(() -> Query.parse(nots)).isInstanceOf(QueryException.class)
                .hasMessageStartingWith("nested more than 64 levels deep at ");
        String minuses = "bukele " + "-".repeat(5000) + "cecot";
        assertThatThrownBy(() -> Query.parse(minuses)).isInstanceOf(QueryException.class)
                .hasMessage("nested more than 64 levels deep at " + (7 + 64));
        String fields = "title:".repeat(1000) + "cecot";
        assertThatThrownBy(() -> Query.parse(fields)).isInstanceOf(QueryException.class)
                .hasMessage("nested more than 64 levels deep at " + 6 * 64);
    }

    @Test
    void theDeepestAllowedNestingParsesCompilesAndMatches() {
        String deepest = "(".repeat(64) + "cecot OR bukele" + ")".repeat(64);
        Query query = Query.parse(deepest);
        TopicMatcher.verify(query);
        TopicMatcher matcher = new TopicMatcher();
        matcher.put("deep", deepest);
        assertThat(matcher.matchingTopicIds(new Document("Bukele visits CECOT", "", "en", null)))
                .containsExactly("deep");
        assertThatThrownBy(() -> Query.parse("(" + deepest + ")")).isInstanceOf(QueryException.class)
                .hasMessage("nested more than 64 levels deep at 64");
    }

    @Test
    void emptyQueryIsAnError() {
        assertThatThrownBy(() -> Query.parse("   ")).isInstanceOf(QueryException.class).hasMessage("empty query at 0");
    }

    @Test
    void designExamplesParse() {
        for (String query : new String[] {
            "CECOT OR \"Terrorist Confinement Center\" OR \"Centro de Confinamiento del Terrorismo\"",
            "(\"term limits\" OR \"indefinite reelection\" OR \"reelección indefinida\") AND (Bukele OR \"El Salvador\")",
            "Pegasus NEAR/5 (spyware OR NSO)",
            "\"MS-13\" OR \"Mara Salvatrucha\"",
        }) {
            assertThat(Query.parse(query).text()).isEqualTo(query);
        }
    }

    @Test
    void precedenceIsNearNotAndOr() {
        assertThat(Query.parse("a b OR c d").explain()).isEqualTo("""
                OR (any of)
                  AND (all of)
                    term "a" in title, body
                    term "b" in title, body
                  AND (all of)
                    term "c" in title, body
                    term "d" in title, body
                """);
        assertThat(Query.parse("x NOT a NEAR/2 b").explain()).isEqualTo("""
                AND (all of)
                  term "x" in title, body
                  NOT (none of)
                    NEAR/2 (at most 2 words apart, either order, same field)
                      term "a" in title, body
                      --
                      term "b" in title, body
                """);
    }

    @Test
    void wordsAreAnalysedLikeDocuments() {
        assertThat(Query.parse("MS-13").explain()).isEqualTo("phrase \"ms 13\" in title, body\n");
        assertThat(Query.parse("Bukele's").explain()).isEqualTo("term \"bukele\" in title, body\n");
        assertThat(Query.parse("d'Aubuisson").explain()).isEqualTo("term \"aubuisson\" in title, body\n");
        assertThat(Query.parse("\"Reelección\"").explain()).isEqualTo("term \"reeleccion\" in title, body\n");
        assertThat(Query.parse("Élect*").explain()).isEqualTo("prefix \"elect*\" in title, body\n");
        assertThat(Query.parse("and").explain()).isEqualTo("term \"and\" in title, body\n");
    }

    @Test
    void scopesAndFiltersAreExplained() {
        assertThat(Query.parse("title:(bukele OR cecot) lang:ES -source:www.ElFaro.net").explain()).isEqualTo("""
                AND (all of)
                  OR (any of)
                    term "bukele" in title
                    term "cecot" in title
                  filter lang = es
                  NOT (none of)
                    filter source = www.elfaro.net
                """);
    }

    @Test
    void clausesAreQuotedAsWritten() {
        assertThat(Query.parse("(\"term limits\" OR reelecc*) AND Bukele -lang:en").clauses())
                .containsExactly("\"term limits\"", "reelecc*", "Bukele", "lang:en");
        assertThat(Query.parse("Pegasus NEAR/5 (spyware OR NSO)").clauses())
                .containsExactly("Pegasus NEAR/5 (spyware OR NSO)");
    }

    @Test
    void pureNegativeSubclausesAreAllowedWhenSomethingIsRequired() {
        assertThat(Query.parse("(bukele OR -cecot) salvador").text()).isNotEmpty();
        assertThat(Query.parse("bukele -(-cecot)").text()).isNotEmpty();
        assertThat(Query.parse("lang:es").text()).isEqualTo("lang:es");
    }
}
