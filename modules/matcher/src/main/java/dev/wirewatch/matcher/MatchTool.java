package dev.wirewatch.matcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.spi.Tool;
import dev.wirewatch.core.spi.ToolCommandLine;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wirewatch match}: offline matching of an articles file against a topics file with the production matcher.
 *
 * <p>Input lines are {@code {"id","name","query"}} (topics) and {@code {"id","title","body","language","url"}}
 * (articles; field names in any case, with the aliases of {@link #ARTICLE_FIELDS}, so the news-es corpus's
 * {@code Id}, {@code Headline} and {@code Text} are read; other fields are named once on standard error as ignored); each output line is {@code {"articleId": "...", "topicIds": [...]}}, one per article in input
 * order, topic ids in topics-file order. {@code --bench} then matches the articles again for a few seconds and
 * prints the throughput (on standard output when {@code --out} is given, else on standard error). Exit code 2 on
 * a bad flag, an unreadable file or a bad line, which is named with its position.
 */
public final class MatchTool implements Tool {

    static final String USAGE_LINE = "wirewatch match --topics TOPICS.jsonl --articles ARTICLES.jsonl [--out FILE] [--bench]";
    private static final long WARM_UP_NANOS = 2_000_000_000L;
    private static final long MEASURE_NANOS = 5_000_000_000L;

    private record Article(String id, Document document) {
    }

    /** Each article field the matcher reads and the names it is read from, in order of preference, in any case. */
    static final List<Map.Entry<String, List<String>>> ARTICLE_FIELDS = List.of(
            Map.entry("id", List.of("id")),
            Map.entry("title", List.of("title", "headline")),
            Map.entry("body", List.of("body", "text", "content")),
            Map.entry("language", List.of("language", "lang")),
            Map.entry("url", List.of("url", "link")));

    static final String FORMATS = """
            TOPICS.jsonl: one JSON object per line, {"id": "cecot", "name": "CECOT", "query": "CECOT OR \\"Centro de Confinamiento\\""}.
            ARTICLES.jsonl: one JSON object per line, {"id", "title", "body", "language", "url"}; only id is required. \
            Names are read in any case, and also as headline (title), text or content (body), lang (language), link (url): \
            the news-es corpus's {"Id", "Headline", "Text"} works as it is. Other fields are ignored and named once on standard error.
            Output: one JSON line per article, in input order: {"articleId": "1", "topicIds": ["cecot"]} (topics-file order).
            Exit status 2 on a bad flag, an unreadable file or a bad line (named with its file and line number).""";

    /** A bad input, reported as one line with exit code 2. */
    private static final class InputException extends Exception {
        InputException(String message) {
            super(message);
        }
    }

    @Override
    public String name() {
        return "match";
    }

    @Override
    public String description() {
        return "Match articles against tracked topics offline (JSONL in, JSONL out), with --bench for articles/s";
    }

    /** The command line of {@code wirewatch match}. */
    @Command(name = "wirewatch match", customSynopsis = USAGE_LINE,
            description = "Matches articles against tracked topics with the production matcher; one JSON line per article.",
            footerHeading = "%nFormats:%n", footer = FORMATS)
    static final class Options {
        @Option(names = "--topics", required = true, paramLabel = "TOPICS.jsonl", description = "{\"id\",\"name\",\"query\"} per line")
        Path topics;

        @Option(names = "--articles", required = true, paramLabel = "ARTICLES.jsonl",
                description = "{\"id\",\"title\",\"body\",\"language\",\"url\"} per line (see Formats)")
        Path articles;

        @Option(names = "--out", paramLabel = "FILE", description = "write the matches here instead of standard output")
        Path out;

        @Option(names = "--bench", description = "then match again for a few seconds and print articles/s")
        boolean bench;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help")
        boolean help;
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options options = new Options();
        return ToolCommandLine.execute(options, args, out, err, () -> match(options, out, err));
    }

    private static int match(Options options, PrintStream out, PrintStream err) throws IOException {
        Path topicsFile = options.topics;
        Path articlesFile = options.articles;
        Path outFile = options.out;
        boolean bench = options.bench;
        TopicMatcher matcher = new TopicMatcher();
        Map<String, Integer> order = new HashMap<>();
        List<Article> articles;
        try {
            readTopics(topicsFile, matcher, order);
            articles = readArticles(articlesFile, err);
        } catch (InputException e) {
            err.println("match: " + e.getMessage());
            return 2;
        }
        try (Writer writer = outFile == null
                ? new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))
                : Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
            writeMatches(matcher, articles, order, writer);
        }
        if (bench) {
            (outFile == null ? err : out).println(bench(matcher, articles));
        }
        return 0;
    }

    private static void readTopics(Path file, TopicMatcher matcher, Map<String, Integer> order) throws InputException {
        forEachLine(file, (line, number) -> {
            JsonNode topic = json(file, line, number);
            String id = text(topic, "id", file, number);
            String query = text(topic, "query", file, number);
            try {
                matcher.put(id, query);
            } catch (QueryException e) {
                throw new InputException("%s:%d: %s in the query of topic '%s': %s (query: %s)"
                        .formatted(file, number, e.getMessage(), id, e.getHint(), query));
            }
            order.putIfAbsent(id, order.size());
        });
    }

    private static List<Article> readArticles(Path file, PrintStream err) throws InputException {
        List<Article> articles = new ArrayList<>();
        java.util.SortedSet<String> ignored = new java.util.TreeSet<>();
        forEachLine(file, (line, number) -> {
            JsonNode article = json(file, line, number);
            Map<String, String> fields = articleFields(article, ignored);
            String id = fields.get("id");
            if (id == null || id.isEmpty()) {
                throw new InputException("%s:%d: missing \"id\" (or \"Id\"); the fields read are %s".formatted(file, number,
                        ARTICLE_FIELDS.stream().map(Map.Entry::getKey).toList()));
            }
            articles.add(new Article(id, new Document(fields.getOrDefault("title", ""), fields.getOrDefault("body", ""),
                    fields.get("language"), host(fields.getOrDefault("url", "")))));
        });
        if (!ignored.isEmpty()) {
            err.println("match: " + file + ": ignored field" + (ignored.size() == 1 ? " " : "s ") + String.join(", ", ignored)
                    + " (read: id, title|headline, body|text|content, language|lang, url|link, in any case)");
        }
        return articles;
    }

    /** The article fields the matcher reads, by their own names; what else the line holds goes to {@code ignored}. */
    static Map<String, String> articleFields(JsonNode article, java.util.Set<String> ignored) {
        Map<String, String> byLowerName = new HashMap<>();
        Map<String, String> originalName = new HashMap<>();
        article.fields().forEachRemaining(f -> {
            String lower = f.getKey().toLowerCase(Locale.ROOT);
            if (!f.getValue().isNull() && !byLowerName.containsKey(lower)) {
                byLowerName.put(lower, f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString());
                originalName.put(lower, f.getKey());
            }
        });
        Map<String, String> out = new HashMap<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        for (Map.Entry<String, List<String>> field : ARTICLE_FIELDS) {
            for (String alias : field.getValue()) {
                String value = byLowerName.get(alias);
                if (value != null && !out.containsKey(field.getKey())) {
                    out.put(field.getKey(), value);
                    used.add(alias);
                }
            }
        }
        originalName.forEach((lower, name) -> {
            if (!used.contains(lower)) {
                ignored.add(name);
            }
        });
        return out;
    }

    private static void writeMatches(TopicMatcher matcher, List<Article> articles, Map<String, Integer> order,
            Writer writer) throws IOException {
        ObjectMapper mapper = Json.mapper();
        Comparator<String> inTopicsOrder = Comparator.comparingInt(order::get);
        for (Article article : articles) {
            List<String> ids = new ArrayList<>(matcher.matchingTopicIds(article.document()));
            ids.sort(inTopicsOrder);
            ObjectNode line = mapper.createObjectNode();
            line.put("articleId", article.id());
            ArrayNode topicIds = line.putArray("topicIds");
            ids.forEach(topicIds::add);
            writer.write(mapper.writeValueAsString(line));
            writer.write('\n');
        }
    }

    private static String bench(TopicMatcher matcher, List<Article> articles) {
        if (articles.isEmpty()) {
            return "match --bench: no articles to measure";
        }
        long warmUpEnd = System.nanoTime() + WARM_UP_NANOS;
        int i = 0;
        while (System.nanoTime() < warmUpEnd || i < articles.size()) {
            matcher.matchingTopicIds(articles.get(i++ % articles.size()).document());
        }
        long start = System.nanoTime();
        long matches = 0;
        int n = 0;
        while (System.nanoTime() - start < MEASURE_NANOS || n < articles.size()) {
            matches += matcher.matchingTopicIds(articles.get(n++ % articles.size()).document()).size();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "match --bench: %d topics, %d articles, %.0f articles/s, %.2f matches/article",
                matcher.size(), articles.size(), n / seconds, (double) matches / n);
    }

    private interface LineHandler {
        void line(String line, int number) throws InputException;
    }

    private static void forEachLine(Path file, LineHandler handler) throws InputException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    handler.line(line, number);
                }
            }
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new InputException(file + ": cannot read: " + e.getCause().getMessage());
        }
    }

    private static JsonNode json(Path file, String line, int number) throws InputException {
        try {
            JsonNode node = Json.mapper().readTree(line);
            if (node == null || !node.isObject()) {
                throw new InputException("%s:%d: not a JSON object".formatted(file, number));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InputException("%s:%d: not JSON: %s".formatted(file, number, e.getOriginalMessage()));
        }
    }

    private static String text(JsonNode node, String field, Path file, int number) throws InputException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            throw new InputException("%s:%d: missing \"%s\"".formatted(file, number, field));
        }
        return value.asText();
    }

    private static String host(String url) {
        if (url.isBlank()) {
            return null;
        }
        try {
            return URI.create(url.strip()).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
