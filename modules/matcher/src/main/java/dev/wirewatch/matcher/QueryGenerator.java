package dev.wirewatch.matcher;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Generates tracked-topic queries of every construct from the words of real articles, reproducibly (fixed seed).
 *
 * <p>Words and phrases are sampled from the articles as written (accents, capitals, apostrophes, hyphens): most
 * uniformly over distinct words, some by corpus frequency, so that queries look like tracked topics (names,
 * places, issues) yet match often enough to test and measure something. Some generated queries are invalid on purpose (a prefix too short, a word with no letters);
 * {@link #generate} keeps only those that parse. The end-to-end and tagger benchmarks draw their tracked topics from
 * it, so it ships with the matcher rather than its tests.
 */
public final class QueryGenerator {

    private final Random random;
    private final List<String[]> texts = new ArrayList<>();
    private final List<String> vocabulary;
    /** Words that the corpus only ever writes capitalised: names of people, places, organisations. */
    private final List<String> names;
    private final List<String> joined;
    private final List<String> languages;
    private final List<String> sources;

    public QueryGenerator(List<Document> documents, long seed) {
        this.random = new Random(seed);
        Set<String> distinct = new LinkedHashSet<>();
        Set<String> joinedWords = new LinkedHashSet<>();
        Set<String> langs = new LinkedHashSet<>();
        Set<String> hosts = new LinkedHashSet<>();
        for (Document document : documents) {
            for (String text : new String[] {document.title(), document.body()}) {
                String[] words = words(text);
                if (words.length > 0) {
                    texts.add(words);
                }
                for (String word : words) {
                    distinct.add(word);
                    if (word.chars().anyMatch(c -> c == '-' || c == '\'' || c == '\u2019' || c == '.')) {
                        joinedWords.add(word);
                    }
                }
            }
            langs.addAll(Metadata.documentLanguages(document.language()));
            hosts.addAll(Metadata.documentSources(document.source()));
        }
        this.vocabulary = List.copyOf(distinct);
        Set<String> lowercased = new HashSet<>();
        for (String word : distinct) {
            if (Character.isLowerCase(word.codePointAt(0))) {
                lowercased.add(word.toLowerCase(Locale.ROOT));
            }
        }
        List<String> capitalised = new ArrayList<>();
        for (String word : distinct) {
            if (Character.isUpperCase(word.codePointAt(0)) && word.length() >= 3
                    && !lowercased.contains(word.toLowerCase(Locale.ROOT))) {
                capitalised.add(word);
            }
        }
        this.names = capitalised.isEmpty() ? this.vocabulary : List.copyOf(capitalised);
        this.joined = joinedWords.isEmpty() ? List.copyOf(distinct) : List.copyOf(joinedWords);
        this.languages = langs.isEmpty() ? List.of("en") : List.copyOf(langs);
        this.sources = hosts.isEmpty() ? List.of("example.com") : List.copyOf(hosts);
    }

    /** {@code count} valid queries. */
    public List<String> generate(int count) {
        List<String> queries = new ArrayList<>(count);
        while (queries.size() < count) {
            String query = query();
            try {
                Query.parse(query);
                queries.add(query);
            } catch (QueryException e) {
                // invalid on purpose now and then: skip it
            }
        }
        return queries;
    }

    /** One query, possibly invalid. */
    public String query() {
        return switch (random.nextInt(12)) {
            case 0 -> leaf();
            case 1 -> or(2 + random.nextInt(2));
            case 2 -> group(or(2)) + " AND " + group(or(2));
            case 3 -> near();
            case 4 -> leaf() + (random.nextBoolean() ? " -" : " NOT ") + operand(1);
            case 5 -> scoped();
            case 6 -> filtered();
            case 7 -> precedence();
            case 8 -> pureNegativeSubclause();
            case 9 -> leaf() + " " + leaf() + (random.nextBoolean() ? " " + leaf() : "");
            case 10 -> prefix() + " OR " + leaf();
            default -> expression(3);
        };
    }

    private String expression(int depth) {
        if (depth == 0 || random.nextInt(4) == 0) {
            return leaf();
        }
        return switch (random.nextInt(6)) {
            case 0 -> group(expression(depth - 1)) + " OR " + group(expression(depth - 1));
            case 1 -> group(expression(depth - 1)) + (random.nextBoolean() ? " AND " : " ") + group(expression(depth - 1));
            case 2 -> group(expression(depth - 1)) + " NOT " + group(expression(depth - 1));
            case 3 -> near();
            case 4 -> (random.nextBoolean() ? "title:" : "body:") + "(" + expression(depth - 1) + ")";
            default -> group(expression(depth - 1)) + " -" + group(leaf());
        };
    }

    private String or(int n) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add(leaf());
        }
        return String.join(" OR ", parts);
    }

    private String near() {
        int slop = random.nextInt(8);
        return nearOperand() + " NEAR/" + slop + " " + nearOperand();
    }

    private String nearOperand() {
        String operand = switch (random.nextInt(5)) {
            case 0, 1 -> word();
            case 2 -> phrase();
            case 3 -> prefix();
            default -> "(" + nearAlternative() + " OR " + nearAlternative() + ")";
        };
        return random.nextInt(8) == 0 ? (random.nextBoolean() ? "title:" : "body:") + operand : operand;
    }

    private String nearAlternative() {
        return switch (random.nextInt(3)) {
            case 0 -> word();
            case 1 -> phrase();
            default -> prefix();
        };
    }

    private String scoped() {
        String field = random.nextBoolean() ? "title:" : "body:";
        return switch (random.nextInt(3)) {
            case 0 -> field + leaf();
            case 1 -> field + "(" + or(2) + ")";
            default -> field + leaf() + " OR " + (field.equals("title:") ? "body:" : "title:") + leaf();
        };
    }

    private String filtered() {
        String lang = "lang:" + languages.get(random.nextInt(languages.size()));
        String source = "source:" + sources.get(random.nextInt(sources.size()));
        return switch (random.nextInt(5)) {
            case 0 -> lang + " " + group(or(2));
            case 1 -> source + " " + leaf();
            case 2 -> leaf() + " -" + source;
            case 3 -> group(or(3)) + " NOT " + lang;
            default -> "(" + lang + " OR " + source + ") " + leaf();
        };
    }

    /** Queries whose meaning rests on precedence: NEAR > NOT > AND > OR, juxtaposition as AND. */
    private String precedence() {
        return switch (random.nextInt(5)) {
            case 0 -> leaf() + " " + leaf() + " OR " + leaf() + " " + leaf();
            case 1 -> "NOT " + leaf() + " " + leaf();
            case 2 -> leaf() + " OR " + leaf() + " -" + leaf();
            case 3 -> leaf() + " AND " + leaf() + " OR " + leaf();
            default -> leaf() + " NOT " + word() + " NEAR/2 " + word();
        };
    }

    /** A negative clause inside OR or AND: boolean logic, not Lucene's "pure negative matches nothing". */
    private String pureNegativeSubclause() {
        return switch (random.nextInt(4)) {
            case 0 -> "(" + leaf() + " OR -" + leaf() + ") " + leaf();
            case 1 -> leaf() + " OR (" + leaf() + " -" + leaf() + ")";
            case 2 -> leaf() + " -(-" + leaf() + ")";
            default -> leaf() + " (NOT " + leaf() + " OR NOT " + leaf() + ")";
        };
    }

    private String operand(int depth) {
        return depth > 0 && random.nextBoolean() ? "(" + or(2) + ")" : leaf();
    }

    private String leaf() {
        return switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> word();
            case 4, 5 -> phrase();
            case 6 -> prefix();
            case 7 -> joined.get(random.nextInt(joined.size()));
            case 8 -> "\"" + word() + "\"";
            default -> casing(word());
        };
    }

    /**
     * A word as written, as desks would track it: mostly a name (a word the corpus only writes capitalised), else
     * uniform over distinct words, and now and then by corpus frequency among longer words, so that common words
     * appear too.
     */
    private String word() {
        int kind = random.nextInt(10);
        if (kind == 0) {
            for (int attempt = 0; attempt < 10; attempt++) {
                String[] text = texts.get(random.nextInt(texts.size()));
                String word = text[random.nextInt(text.length)];
                if (word.length() >= 6) {
                    return word;
                }
            }
        }
        if (kind < 7) {
            return names.get(random.nextInt(names.size()));
        }
        return vocabulary.get(random.nextInt(vocabulary.size()));
    }

    /** Two to four consecutive words of an article, at least one of them five letters or longer. */
    private String phrase() {
        List<String> words = new ArrayList<>();
        for (int attempt = 0; attempt < 10; attempt++) {
            String[] text = texts.get(random.nextInt(texts.size()));
            int length = 2 + random.nextInt(3);
            int start = random.nextInt(Math.max(1, text.length - length + 1));
            words.clear();
            for (int i = start; i < Math.min(text.length, start + length); i++) {
                words.add(text[i]);
            }
            if (words.stream().anyMatch(word -> word.length() >= 5)) {
                break;
            }
        }
        return "\"" + String.join(" ", words) + "\"";
    }

    /**
     * A stem, as desks write them for name variants and word families: a name or a distinct word cut one to
     * three letters short, keeping at least four.
     */
    private String prefix() {
        for (int attempt = 0; attempt < 20; attempt++) {
            List<String> source = random.nextInt(10) < 7 ? names : vocabulary;
            String word = source.get(random.nextInt(source.size()));
            if (word.length() >= 6) {
                int length = Math.max(4, word.length() - 1 - random.nextInt(3));
                return word.substring(0, length) + "*";
            }
        }
        return "salvador*";
    }

    private String casing(String word) {
        return random.nextBoolean() ? word.toUpperCase(Locale.ROOT) : word.toLowerCase(Locale.ROOT);
    }

    private static String group(String expression) {
        return expression.contains(" ") && !expression.startsWith("\"") ? "(" + expression + ")" : expression;
    }

    /** The words of {@code text} as written, outer punctuation stripped; none that the syntax would misread. */
    static String[] words(String text) {
        List<String> words = new ArrayList<>();
        for (String raw : text.split("\\s+")) {
            int start = 0;
            int end = raw.length();
            while (start < end && !Character.isLetterOrDigit(raw.codePointAt(start))) {
                start += Character.charCount(raw.codePointAt(start));
            }
            while (end > start && !Character.isLetterOrDigit(raw.codePointBefore(end))) {
                end -= Character.charCount(raw.codePointBefore(end));
            }
            String word = raw.substring(start, end);
            if (word.isEmpty() || word.length() > 40 || isOperator(word)) {
                continue;
            }
            if (word.chars().anyMatch(c -> c == '"' || c == '(' || c == ')' || c == '*' || c == ':'
                    || c == '\u201C' || c == '\u201D')) {
                continue;
            }
            words.add(word);
        }
        return words.toArray(String[]::new);
    }

    private static boolean isOperator(String word) {
        return word.equals("AND") || word.equals("OR") || word.equals("NOT") || word.startsWith("NEAR");
    }
}
