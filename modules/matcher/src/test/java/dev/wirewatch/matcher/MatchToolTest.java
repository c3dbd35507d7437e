package dev.wirewatch.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirewatch.core.spi.Tool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatchToolTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return new MatchTool().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void isFoundByServiceLoaderAsMatch() {
        assertThat(ServiceLoader.load(Tool.class).stream().map(ServiceLoader.Provider::get).map(Tool::name))
                .contains("match");
    }

    @Test
    void writesOneLinePerArticleInInputOrderWithTopicsInFileOrder() throws Exception {
        Path topics = write("topics.jsonl", """
                {"id": "pegasus", "name": "Pegasus", "query": "Pegasus NEAR/5 (spyware OR NSO)"}

                {"id": "cecot", "name": "CECOT", "query": "CECOT OR \\"Terrorist Confinement Center\\""}
                {"id": "faro", "name": "El Faro", "query": "source:elfaro.net lang:en"}
                """);
        Path articles = write("articles.jsonl", """
                {"id": "a1", "title": "CECOT", "body": "Pegasus spyware", "language": "en", "url": "https://elfaro.net/x"}
                {"id": "a2", "title": "Nothing", "body": "here", "language": "es", "url": "https://example.com/"}
                {"id": "a3", "title": "The Terrorist Confinement Center", "body": "", "language": "es"}
                """);
        assertThat(run("--topics", topics.toString(), "--articles", articles.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
                {"articleId":"a1","topicIds":["pegasus","cecot","faro"]}
                {"articleId":"a2","topicIds":[]}
                {"articleId":"a3","topicIds":["cecot"]}
                """);
    }

    @Test
    void readsTheNewsEsCorpusFieldsAndNamesTheFieldsItIgnores() throws Exception {
        Path topics = write("topics.jsonl", """
                {"id": "rae", "name": "RAE", "query": "\\"Real Academia\\""}
                {"id": "lady", "name": "Lady", "query": "LADY"}
                """);
        Path articles = write("articles.jsonl", """
                {"Id": "1", "Category": "Fake", "Topic": "Education", "Headline": "RAE INCLUIRÁ LA PALABRA LADY", "Text": "El presidente de la Real Academia Española"}
                {"id": "2", "content": "la Real Academia otra vez", "Source": "El Universal"}
                """);
        assertThat(run("--topics", topics.toString(), "--articles", articles.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
                {"articleId":"1","topicIds":["rae","lady"]}
                {"articleId":"2","topicIds":["rae"]}
                """);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).isEqualTo("match: " + articles
                + ": ignored fields Category, Source, Topic (read: id, title|headline, body|text|content, language|lang, url|link, in any case)");
    }

    @Test
    void helpDescribesTheInputAndOutputFormats() throws Exception {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Formats:", "TOPICS.jsonl:", "ARTICLES.jsonl:", "Headline",
                "Output: one JSON line per article");
    }

    @Test
    void writesToAFileAndBenchmarks() throws Exception {
        Path topics = write("topics.jsonl", "{\"id\": \"t\", \"query\": \"bukele\"}\n");
        Path articles = write("articles.jsonl", "{\"id\": \"a\", \"title\": \"Bukele\", \"body\": \"\"}\n");
        Path result = dir.resolve("out.jsonl");
        assertThat(run("--topics", topics.toString(), "--articles", articles.toString(), "--out", result.toString(),
                "--bench")).isZero();
        assertThat(Files.readString(result)).isEqualTo("{\"articleId\":\"a\",\"topicIds\":[\"t\"]}\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).matches("match --bench: 1 topics, 1 articles, \\d+ articles/s, 1\\.00 matches/article\\R");
    }

    @Test
    void aBadQueryNamesTheLineAndPosition() throws Exception {
        Path topics = write("topics.jsonl", """
                {"id": "ok", "query": "bukele"}
                {"id": "bad", "query": "Bukele AND \\"term limits"}
                """);
        Path articles = write("articles.jsonl", "");
        assertThat(run("--topics", topics.toString(), "--articles", articles.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("match: " + topics + ":2: unclosed quote at 11 in the query of topic 'bad': ");
        assertThat(out.size()).isZero();
    }

    @Test
    void badInputAndUsageExitWithTwo() throws Exception {
        Path topics = write("topics.jsonl", "{\"id\": \"t\", \"query\": \"x\"}\n");
        assertThat(run("--topics", topics.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: wirewatch match");
        err.reset();
        Path articles = write("articles.jsonl", "{\"id\": \"a\"\n");
        assertThat(run("--topics", topics.toString(), "--articles", articles.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("match: " + articles + ":1: not JSON");
        err.reset();
        assertThat(run("--topics", dir.resolve("missing.jsonl").toString(), "--articles", articles.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing.jsonl: no such file");
        err.reset();
        Path noQuery = write("noquery.jsonl", "{\"id\": \"t\"}\n");
        assertThat(run("--topics", noQuery.toString(), "--articles", articles.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("noquery.jsonl:1: missing \"query\"");
    }

    @Test
    void anUnknownFlagIsNamedInOneLineAndHelpPrintsTheUsage() throws Exception {
        assertThat(run("--topics", "t.jsonl", "--articels", "a.jsonl")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("wirewatch match: unknown option '--articels'; did you mean '--articles'?")
                .contains("usage: wirewatch match --topics").hasLineCount(1);
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("wirewatch match --topics", "--bench");
    }
}
