package dev.wirewatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
    void anUnknownCommandIsNamedWithTheNearestOne() {
        Result result = run("dmeo");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines().toList()).containsExactly(
                "wirewatch: unknown command 'dmeo'; did you mean 'demo'? (see wirewatch --help)");
        Result far = run("frobnicate");
        assertThat(far.code()).isEqualTo(2);
        assertThat(far.err()).startsWith("wirewatch: unknown command 'frobnicate'; expected ").contains("demo", "match", "feed");
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
                .startsWith("wirewatch run: unknown option '--bootstrap-server'; did you mean '--bootstrap-servers'?")
                .contains("wirewatch run --help"));
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
        assertThat(result.err()).contains("unknown command 'parse-all'; did you mean 'parse'?");
    }

    @Test
    void aCommandThatExistsNeverClaimsToBeMissing() {
        Result bare = run("feed");
        assertThat(bare.code()).isEqualTo(2);
        assertThat(bare.err().lines().toList()).containsExactly(
                "wirewatch feed: a command is missing; expected parse (see wirewatch feed --help)");
        Result typo = run("feed", "prase", "x.xml");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err().lines().toList()).containsExactly(
                "wirewatch feed: unknown command 'prase'; did you mean 'parse'? (see wirewatch feed --help)");
        Result flag = run("feed", "parse", "--frobnicate", "x.xml");
        assertThat(flag.code()).isEqualTo(2);
        assertThat(flag.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("wirewatch feed parse: unknown option '--frobnicate'; expected --help"));
        for (Result r : List.of(bare, typo, flag)) {
            assertThat(r.err()).doesNotContain("not available", "not part of this build");
        }
    }

    @Test
    void helpAndDashDashHelpWorkAtEveryLevel() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"help"})) {
            Result top = run(args);
            assertThat(top.code()).as(String.join(" ", args)).isZero();
            assertThat(top.out()).contains("Usage: wirewatch", "demo", "feed", "help");
        }
        for (String[] args : List.of(new String[] {"feed", "--help"}, new String[] {"help", "feed"}, new String[] {"feed", "help"})) {
            Result group = run(args);
            assertThat(group.code()).as(String.join(" ", args)).isZero();
            assertThat(group.out()).as(String.join(" ", args)).contains("Usage: wirewatch feed COMMAND", "parse");
        }
        for (String[] args : List.of(new String[] {"feed", "parse", "--help"}, new String[] {"help", "feed", "parse"},
                new String[] {"feed", "help", "parse"})) {
            Result tool = run(args);
            assertThat(tool.code()).as(String.join(" ", args)).isZero();
            assertThat(tool.out()).as(String.join(" ", args)).contains("wirewatch feed parse FILE|URL");
        }
        for (String command : List.of("demo", "run", "collector", "match", "extract")) {
            Result dashDash = run(command, "--help");
            assertThat(dashDash.code()).as(command).isZero();
            assertThat(dashDash.out()).as(command).contains("wirewatch " + command);
            Result help = run("help", command);
            assertThat(help.code()).as("help " + command).isZero();
            assertThat(help.out()).isEqualTo(dashDash.out());
        }
        Result unknown = run("help", "feeed");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("wirewatch help: unknown command 'feeed'; did you mean 'feed'?");
    }
}
