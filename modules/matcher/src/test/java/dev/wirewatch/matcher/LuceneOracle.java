package dev.wirewatch.matcher;

import dev.wirewatch.matcher.Node.And;
import dev.wirewatch.matcher.Node.Meta;
import dev.wirewatch.matcher.Node.Near;
import dev.wirewatch.matcher.Node.Not;
import dev.wirewatch.matcher.Node.Or;
import dev.wirewatch.matcher.Node.Phrase;
import dev.wirewatch.matcher.Node.Prefix;
import dev.wirewatch.matcher.Node.Term;
import dev.wirewatch.matcher.Node.TextAtom;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.LowerCaseFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.monitor.MatchingQueries;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.monitor.QueryMatch;
import org.apache.lucene.queries.spans.SpanMultiTermQueryWrapper;
import org.apache.lucene.queries.spans.SpanNearQuery;
import org.apache.lucene.queries.spans.SpanOrQuery;
import org.apache.lucene.queries.spans.SpanQuery;
import org.apache.lucene.queries.spans.SpanTermQuery;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.TermQuery;

/**
 * The test oracle: Lucene Monitor running the Lucene translation of each Wirewatch query, on documents analysed by
 * Lucene's own filter chain of DESIGN.md. The differential test and the benchmark hold the matcher to its answers.
 *
 * <p>This should be closed when done, to release the Monitor.
 */
public final class LuceneOracle implements AutoCloseable {

    private static final String TITLE = "title";
    private static final String BODY = "body";

    private final Monitor monitor;

    /** A Monitor holding {@code topics} (id to query text); queries must be valid. */
    public LuceneOracle(Map<String, String> topics) {
        try {
            monitor = new Monitor(analyzer());
            List<MonitorQuery> batch = new ArrayList<>();
            for (Map.Entry<String, String> topic : topics.entrySet()) {
                batch.add(new MonitorQuery(topic.getKey(), toLucene(Query.parse(topic.getValue()))));
                if (batch.size() == 1000) {
                    monitor.register(batch);
                    batch.clear();
                }
            }
            monitor.register(batch);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to build the Lucene Monitor", e);
        }
    }

    /** The ids of the topics that Lucene Monitor matches. */
    public Set<String> match(Document document) {
        try {
            MatchingQueries<QueryMatch> matches = monitor.match(toLucene(document), QueryMatch.SIMPLE_MATCHER);
            Set<String> ids = new HashSet<>();
            for (QueryMatch match : matches.getMatches()) {
                ids.add(match.getQueryId());
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("Lucene Monitor failed to match", e);
        }
    }

    /** The number of matches, without collecting ids: what the benchmark measures. */
    public int matchCount(Document document) {
        try {
            return monitor.match(toLucene(document), QueryMatch.SIMPLE_MATCHER).getMatchCount();
        } catch (IOException e) {
            throw new UncheckedIOException("Lucene Monitor failed to match", e);
        }
    }

    @Override
    public void close() {
        try {
            monitor.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to close the Lucene Monitor", e);
        }
    }

    /** DESIGN.md's chain, built from Lucene's own classes. */
    public static Analyzer analyzer() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new StandardTokenizer();
                TokenStream stream = new ElisionFilter(tokenizer, FrenchAnalyzer.DEFAULT_ARTICLES);
                stream = new EnglishPossessiveFilter(stream);
                stream = new LowerCaseFilter(stream);
                stream = new ASCIIFoldingFilter(stream);
                return new TokenStreamComponents(tokenizer, stream);
            }
        };
    }

    /** The Lucene document of {@code document}: text fields, and keyword fields for the filters. */
    public static org.apache.lucene.document.Document toLucene(Document document) {
        org.apache.lucene.document.Document doc = new org.apache.lucene.document.Document();
        doc.add(new TextField(TITLE, document.title(), Field.Store.NO));
        doc.add(new TextField(BODY, document.body(), Field.Store.NO));
        for (String language : Metadata.documentLanguages(document.language())) {
            doc.add(new StringField(Node.MetaKind.LANG.field(), language, Field.Store.NO));
        }
        for (String source : Metadata.documentSources(document.source())) {
            doc.add(new StringField(Node.MetaKind.SOURCE.field(), source, Field.Store.NO));
        }
        return doc;
    }

    /** The Lucene query with the meaning DESIGN.md gives {@code query}. */
    public static org.apache.lucene.search.Query toLucene(Query query) {
        return toLucene(query.root());
    }

    private static org.apache.lucene.search.Query toLucene(Node node) {
        return switch (node) {
            case And and -> {
                BooleanQuery.Builder builder = new BooleanQuery.Builder();
                boolean positive = false;
                for (Node child : and.children()) {
                    if (child instanceof Not not) {
                        builder.add(toLucene(not.child()), Occur.MUST_NOT);
                    } else {
                        builder.add(toLucene(child), Occur.MUST);
                        positive = true;
                    }
                }
                if (!positive) {
                    builder.add(new MatchAllDocsQuery(), Occur.MUST);
                }
                yield builder.build();
            }
            case Or or -> {
                BooleanQuery.Builder builder = new BooleanQuery.Builder();
                or.children().forEach(child -> builder.add(toLucene(child), Occur.SHOULD));
                yield builder.build();
            }
            // a pure negative clause matches what lacks its child, as in boolean logic
            case Not not -> new BooleanQuery.Builder()
                    .add(new MatchAllDocsQuery(), Occur.MUST)
                    .add(toLucene(not.child()), Occur.MUST_NOT)
                    .build();
            case Meta meta -> new TermQuery(new org.apache.lucene.index.Term(meta.kind().field(), meta.value()));
            case Near near -> near(near);
            case TextAtom atom -> perField(atom.fields(), field -> textQuery(atom, field));
        };
    }

    private static org.apache.lucene.search.Query textQuery(TextAtom atom, String field) {
        return switch (atom) {
            case Term term -> new TermQuery(new org.apache.lucene.index.Term(field, term.term()));
            case Prefix prefix -> new PrefixQuery(new org.apache.lucene.index.Term(field, prefix.prefix()));
            case Phrase phrase -> new PhraseQuery(field, phrase.terms().toArray(String[]::new));
        };
    }

    private static org.apache.lucene.search.Query near(Near near) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        for (String field : List.of(TITLE, BODY)) {
            int bit = field.equals(TITLE) ? Node.TITLE : Node.BODY;
            List<SpanQuery> left = spans(near.left(), field, bit);
            List<SpanQuery> right = spans(near.right(), field, bit);
            if (!left.isEmpty() && !right.isEmpty()) {
                builder.add(new SpanNearQuery(new SpanQuery[] {or(left), or(right)}, near.slop(), false), Occur.SHOULD);
            }
        }
        return builder.build();
    }

    private static List<SpanQuery> spans(List<TextAtom> atoms, String field, int bit) {
        List<SpanQuery> spans = new ArrayList<>();
        for (TextAtom atom : atoms) {
            if ((atom.fields() & bit) == 0) {
                continue;
            }
            spans.add(switch (atom) {
                case Term term -> new SpanTermQuery(new org.apache.lucene.index.Term(field, term.term()));
                case Prefix prefix -> new SpanMultiTermQueryWrapper<>(
                        new PrefixQuery(new org.apache.lucene.index.Term(field, prefix.prefix())));
                case Phrase phrase -> {
                    SpanQuery[] terms = phrase.terms().stream()
                            .map(term -> new SpanTermQuery(new org.apache.lucene.index.Term(field, term)))
                            .toArray(SpanQuery[]::new);
                    yield new SpanNearQuery(terms, 0, true);
                }
            });
        }
        return spans;
    }

    private static SpanQuery or(List<SpanQuery> spans) {
        return spans.size() == 1 ? spans.get(0) : new SpanOrQuery(spans.toArray(SpanQuery[]::new));
    }

    private static org.apache.lucene.search.Query perField(int fields,
            java.util.function.Function<String, org.apache.lucene.search.Query> query) {
        if (fields == Node.TITLE) {
            return query.apply(TITLE);
        }
        if (fields == Node.BODY) {
            return query.apply(BODY);
        }
        return new BooleanQuery.Builder()
                .add(query.apply(TITLE), Occur.SHOULD)
                .add(query.apply(BODY), Occur.SHOULD)
                .build();
    }
}
