package dev.wirewatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LauncherTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryCommandOfTheDesign() {
        Result help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("demo", "run", "collector", "tagger", "alerter", "console", "match", "extract",
                "feed", "bench");
    }

    @Test
    void theBrokerCommandIsListedAndRefusesABadPort() {
        assertThat(run("--help").out()).contains("broker");
        assertThat(run("broker", "--help").out()).contains("--port", "--data-dir");
        Result result = run("broker", "--port", "70000");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("--port").contains("70000");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Result result = run("frobnicate");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("Unmatched argument");
    }

    @Test
    void aWrongSettingNamesTheKey() {
        Result result = run("collector", "--set", "http.port=eighty");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("http.port").contains("whole number");
    }

    @Test
    void aSingleServiceWithoutKafkaNamesTheMissingSetting() {
        boolean hasCollector = Pipeline.availableStages().stream().anyMatch(s -> s.name().equals("collector"));
        Result result = run("collector");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains(hasCollector ? "kafka.bootstrap-servers" : "not available yet");
    }

    @Test
    void anUnknownFlagIsNamedInOneLine() {
        Result result = run("run", "--bootstrap-server", "localhost:9092");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("wirewatch run: Unknown option").contains("'--bootstrap-server'", "wirewatch run --help"));
    }

    @Test
    void helpWorksAsACommandForLauncherCommandsAndModuleTools() {
        Result help = run("help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("demo", "run", "match");
        Result demo = run("help", "demo");
        assertThat(demo.code()).isZero();
        assertThat(demo.out()).contains("--kafka-port");
        Result feed = run("help", "feed", "parse");
        assertThat(feed.code()).isZero();
        assertThat(feed.out()).contains("wirewatch feed parse FILE|URL");
    }

    @Test
    void aWrongToolWordNamesTheToolsThatExist() {
        Result result = run("feed", "parse-all");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("unknown command 'parse-all'; expected parse");
    }
}
