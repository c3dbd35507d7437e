package dev.wirewatch.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wirewatch.article.ExtractedPage;
import dev.wirewatch.article.Extractor;
import dev.wirewatch.collector.FeedItem;
import dev.wirewatch.collector.FeedParseException;
import dev.wirewatch.collector.FeedParser;
import dev.wirewatch.collector.ParsedFeed;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.matcher.Document;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.jsoup.Jsoup;

/**
 * The real articles of the run, read from the shared corpora: every {@code news-es} item, the {@code extraction-dev}
 * pages (title and text from the production extractor, and the raw HTML for the farm), and the feeds corpus items that
 * carry enough text.
 *
 * @param items in a fixed order: news-es, extraction-dev, feeds
 */
record Corpus(List<Item> items, int newsEs, int extractionDev, int feeds) {

    /** Feed items with less text than this are left out: a line of summary is not an article. */
    static final int MIN_FEED_ITEM_CHARS = 200;
    /** Extracted pages with less text than this are left out (navigation pages, failed extractions). */
    static final int MIN_PAGE_CHARS = 200;

    /**
     * One article of the corpus.
     *
     * @param origin which corpus and which entry, for messages
     * @param text the main text, paragraphs separated by newlines
     * @param language a language tag, or null when unknown
     * @param source the host the article came from, or an empty string
     * @param rawHtml the original page (extraction-dev only), else null
     */
    record Item(String origin, String title, String text, String language, String source, byte[] rawHtml) {

        Item {
            title = title == null ? "" : title;
            text = text == null ? "" : text;
            source = source == null ? "" : source;
        }

        /** What the matcher reads of it, as the tagger builds it from an article. */
        Document document() {
            return new Document(title, text, language, source.isEmpty() ? null : source);
        }
    }

    Corpus {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("the corpora hold no usable article");
        }
    }

    /** The mean size of title and text in UTF-8 bytes. */
    double meanBytes() {
        long bytes = 0;
        for (Item item : items) {
            bytes += item.title().getBytes(StandardCharsets.UTF_8).length + item.text().getBytes(StandardCharsets.UTF_8).length;
        }
        return (double) bytes / items.size();
    }

    /** Reads the three corpora under {@code folder}; {@code withRawHtml} keeps the extraction-dev pages' bytes. */
    static Corpus load(Path folder, boolean withRawHtml) {
        List<Item> items = new ArrayList<>(newsEs(folder));
        int newsEs = items.size();
        List<Item> pages = extractionDev(folder, withRawHtml);
        items.addAll(pages);
        List<Item> feedItems = feeds(folder);
        items.addAll(feedItems);
        return new Corpus(items, newsEs, pages.size(), feedItems.size());
    }

    static List<Item> newsEs(Path folder) {
        List<Item> items = new ArrayList<>();
        for (String split : List.of("train", "development", "test")) {
            Path file = folder.resolve("news-es").resolve(split + ".jsonl");
            if (!Files.exists(file)) {
                continue;
            }
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode item = Json.mapper().readTree(line);
                    items.add(new Item("news-es/" + split + "/" + item.path("Id").asText(),
                            item.path("Headline").asText(""), item.path("Text").asText(""), "es",
                            host(item.path("Link").asText("")), null));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to read " + file, e);
            }
        }
        return items;
    }

    /** The extraction-dev pages, through the collector's own extractor, in ground-truth order. */
    static List<Item> extractionDev(Path folder, boolean withRawHtml) {
        Path root = folder.resolve("extraction-dev");
        Path truth = root.resolve("ground-truth.json");
        if (!Files.exists(truth)) {
            return List.of();
        }
        Extractor extractor = new Extractor();
        List<Item> items = new ArrayList<>();
        try {
            JsonNode pages = Json.mapper().readTree(truth.toFile());
            for (Iterator<Map.Entry<String, JsonNode>> it = pages.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> page = it.next();
                Path file = root.resolve(page.getValue().path("file").asText());
                byte[] html;
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    html = in.readAllBytes();
                }
                ExtractedPage extracted = extractor.extract(html, null, page.getKey());
                if (extracted.text().length() < MIN_PAGE_CHARS) {
                    continue;
                }
                items.add(new Item("extraction-dev/" + file.getFileName(), extracted.title(), extracted.text(),
                        extracted.language(), host(page.getKey()), withRawHtml ? html : null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read the extraction-dev pages under " + root, e);
        }
        return items;
    }

    /** The items of every feed file under {@code feeds/} that parses and whose text is long enough. */
    static List<Item> feeds(Path folder) {
        Path root = folder.resolve("feeds");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).filter(Corpus::looksLikeFeed).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to list " + root, e);
        }
        FeedParser parser = new FeedParser();
        List<Item> items = new ArrayList<>();
        for (Path file : files) {
            ParsedFeed feed;
            try {
                feed = parser.parse(Files.readAllBytes(file), null, URI.create("http://feeds.example/"));
            } catch (FeedParseException | IOException | RuntimeException e) {
                continue; // the bad-input half of the corpus: not articles
            }
            int n = 0;
            for (FeedItem item : feed.items()) {
                String html = item.content() != null && !item.content().isBlank() ? item.content() : item.summary();
                if (html == null) {
                    continue;
                }
                String text = Jsoup.parse(html).text().strip();
                if (text.length() < MIN_FEED_ITEM_CHARS) {
                    continue;
                }
                items.add(new Item(root.relativize(file) + "#" + n++, item.title(), text, feed.language(),
                        item.link() == null ? "" : host(item.link()), null));
            }
        }
        return items;
    }

    private static boolean looksLikeFeed(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".xml") || name.endsWith(".rss") || name.endsWith(".atom") || name.endsWith(".rdf")
                || (name.endsWith(".json") && !name.endsWith(".serde.json"));
    }

    static String host(String url) {
        try {
            String host = URI.create(url.strip().replace(" ", "%20")).getHost();
            return host == null ? "" : host;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
