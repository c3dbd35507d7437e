package dev.wirewatch.collector;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.article.ExtractTool;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.net.AddressPolicy;
import dev.wirewatch.core.net.Egress;
import dev.wirewatch.core.net.EgressException;
import dev.wirewatch.core.net.Response;
import dev.wirewatch.core.spi.Tool;
import dev.wirewatch.core.spi.ToolCommandLine;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wirewatch feed parse FILE|URL}: the parsed feed as JSON (an OPML file gives its list of feeds), or a one-line
 * error on stderr and exit code 2. URLs are fetched like the collector does, private addresses included only when
 * {@code WIREWATCH_WEBHOOKS_ALLOW_PRIVATE} allows them.
 */
public final class FeedParseTool implements Tool {

    @Override
    public String name() {
        return "feed parse";
    }

    @Override
    public String description() {
        return "parse a feed (RSS, Atom, RDF, JSON Feed, OPML) from a file or URL and print it as JSON";
    }

    /** The command line of {@code wirewatch feed parse}. */
    @Command(name = "wirewatch feed parse", customSynopsis = "wirewatch feed parse FILE|URL",
            description = "The parsed feed (RSS, Atom, RDF, JSON Feed; an OPML file gives its feeds) as JSON.",
            footerHeading = "%nFormats:%n", footer = {
                "Input: a feed file (any of the formats above, any charset) or an http(s) URL, fetched as the collector does.",
                "Output: one indented JSON object on standard output: {\"format\", \"title\", \"link\", \"language\", \"description\","
                        + " \"items\": [{\"id\", \"link\", \"title\", \"summary\", \"content\", \"author\", \"publishedAt\", \"updatedAt\"}]};"
                        + " for OPML {\"format\": \"opml\", \"feeds\": [{\"id\", \"url\", \"title\", ...}]}.",
                "Exit status 2 and one line on standard error when the input cannot be read or parsed."})
    static final class Options {
        @Parameters(arity = "1", paramLabel = "FILE|URL", description = "a feed file, or an http(s) URL to fetch")
        String source;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help")
        boolean help;
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options options = new Options();
        return ToolCommandLine.execute(options, args, out, err, () -> parse(options.source, out, err));
    }

    private static int parse(String source, PrintStream out, PrintStream err) throws IOException {
        byte[] body;
        String contentType = null;
        URI base;
        try {
            if (source.startsWith("http://") || source.startsWith("https://")) {
                Response result = fetch(source);
                body = result.body();
                contentType = result.contentType();
                base = result.uri();
            } else {
                Path file = Path.of(source);
                if (!Files.isRegularFile(file)) {
                    err.println("error: " + source + ": no such file");
                    return 2;
                }
                body = ExtractTool.read(file);
                base = file.toAbsolutePath().toUri();
            }
        } catch (EgressException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return 2;
        }
        try {
            ObjectNode json = OpmlImport.looksLikeOpml(body) ? opml(OpmlImport.read(body)) : feed(new FeedParser().parse(body, contentType, base));
            out.println(Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
            out.flush();
            return 0;
        } catch (FeedParseException e) {
            err.println("error: " + source + ": " + e.getMessage().replaceAll("\\s+", " "));
            return 2;
        }
    }

    private static Response fetch(String url) throws EgressException, InterruptedException {
        WirewatchConfig config = WirewatchConfig.of(Map.of()).with(System.getenv().entrySet().stream()
                .filter(e -> e.getKey().equals(CoreSettings.WEBHOOKS_ALLOW_PRIVATE.envName()))
                .collect(java.util.stream.Collectors.toMap(e -> CoreSettings.WEBHOOKS_ALLOW_PRIVATE.key(), Map.Entry::getValue)));
        try (Egress egress = Egress.builder(AddressPolicy.allowing(config.get(CoreSettings.WEBHOOKS_ALLOW_PRIVATE)))
                .userAgent(CollectorSettings.USER_AGENT.defaultValue())
                .maxBodyBytes(CollectorSettings.MAX_BODY_BYTES.parser().apply(CollectorSettings.MAX_BODY_BYTES.defaultValue()))
                .threadName("feed-parse-http")
                .build()) {
            return egress.get(url, Validators.NONE.headers(Collector.FEED_ACCEPT)).requireOk();
        }
    }

    static ObjectNode feed(ParsedFeed feed) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("format", feed.format());
        json.put("title", feed.title());
        json.put("link", feed.link());
        json.put("language", feed.language());
        json.put("description", feed.description());
        ArrayNode items = json.putArray("items");
        for (FeedItem item : feed.items()) {
            items.add(Json.mapper().valueToTree(item));
        }
        return json;
    }

    static ObjectNode opml(List<Feed> feeds) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("format", "opml");
        ArrayNode list = json.putArray("feeds");
        for (Feed f : feeds) {
            ObjectNode node = list.addObject();
            node.put("id", f.id());
            node.put("url", f.url());
            node.put("title", f.title());
        }
        return json;
    }
}
