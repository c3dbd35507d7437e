package dev.wirewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.spi.Tool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wirewatch feed parse}, found as the launcher finds it. */
class ToolsTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String name, String... args) throws Exception {
        Tool tool = ServiceLoader.load(Tool.class).stream().map(ServiceLoader.Provider::get)
                .filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = tool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void feedParsePrintsTheFeedAsJson() throws Exception {
        Path feed = dir.resolve("feed.json");
        Files.write(feed, Fixtures.bytes("feeds/jsonfeed-1.1.json"));
        Run run = run("feed parse", feed.toString());
        assertThat(run.code()).isZero();
        JsonNode json = Json.mapper().readTree(run.out());
        assertThat(json.get("format").asText()).isEqualTo("json_1.1");
        assertThat(json.get("items")).hasSize(2);
        assertThat(json.get("items").get(0).get("link").asText()).isEqualTo("https://json.example.org/a");
    }

    @Test
    void feedParseListsTheFeedsOfAnOpmlFile() throws Exception {
        Path opml = dir.resolve("list.opml");
        Files.write(opml, Fixtures.bytes("feeds/opml2-news.opml"));
        Run run = run("feed parse", opml.toString());
        assertThat(run.code()).isZero();
        assertThat(Json.mapper().readTree(run.out()).get("feeds")).hasSize(2);
    }

    @Test
    void feedParseFailsWithOneLineAndExitCode2() throws Exception {
        Path xxe = dir.resolve("xxe.xml");
        Files.write(xxe, Fixtures.bytes("feeds/atom-xxe-attempt.xml"));
        Run bad = run("feed parse", xxe.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err().lines().toList()).singleElement().satisfies(line -> assertThat(line).startsWith("error: ").contains("DOCTYPE"));
        // a private address is refused like the collector refuses it
        Run local = run("feed parse", "http://127.0.0.1:9/feed.xml");
        assertThat(local.code()).isEqualTo(2);
        assertThat(local.err()).contains("private or reserved address");
        assertThat(run("feed parse").code()).isEqualTo(2);
    }

    @Test
    void usageErrorsAreOneLineWithExitCode2AndHelpPrintsTheUsage() throws Exception {
        Run unknown = run("feed parse", "--pretty", "feed.xml");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("wirewatch feed parse: unknown option '--pretty'").contains("usage: wirewatch feed parse FILE|URL"));
        Run none = run("extract");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("wirewatch extract: Missing required parameter").contains("PATH"));
        Run help = run("extract", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("wirewatch extract PATH...");
    }
}
