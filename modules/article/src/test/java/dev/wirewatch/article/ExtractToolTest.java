package dev.wirewatch.article;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.spi.Tool;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wirewatch extract}, found as the launcher finds it. */
class ExtractToolTest {

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
    void extractPrintsOneJsonLinePerFileFromPlainAndGzippedHtml() throws Exception {
        Path plain = dir.resolve("article.html");
        Files.write(plain, Fixtures.bytes("pages/news-article-jsonld-opengraph.html"));
        Path gz = dir.resolve("blog.html.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Fixtures.bytes("pages/blog-without-metadata-spanish.html"));
        }
        Run run = run("extract", plain.toString(), gz.toString());
        assertThat(run.code()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode first = Json.mapper().readTree(lines.get(0));
        assertThat(first.fieldNames()).toIterable().containsExactly("file", "title", "text", "author", "publishedAt", "language");
        assertThat(first.get("title").asText()).isEqualTo("Bukele seeks a third term despite the constitution");
        assertThat(first.get("publishedAt").asText()).isEqualTo("2026-01-09T20:30:00Z");
        JsonNode second = Json.mapper().readTree(lines.get(1));
        assertThat(second.get("language").asText()).isEqualTo("es");
        assertThat(second.get("text").asText()).contains("veda");
        assertThat(second.get("author").isNull()).isTrue();
    }

    @Test
    void extractReportsMissingFilesWithExitCode2() throws Exception {
        Run run = run("extract", dir.resolve("nope.html").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("no such file");
    }
}
