package dev.wirewatch.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsTest {

    @TempDir
    Path corpora;

    private String[] with(String... args) throws Exception {
        Files.createDirectories(corpora.resolve("news-es"));
        String[] all = new String[args.length + 2];
        all[0] = "--corpora";
        all[1] = corpora.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    @Test
    void defaults() throws Exception {
        Options o = Options.parse(with());
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.rate()).isNull();
        assertThat(o.topics()).isEqualTo(1000);
        assertThat(o.subscriptions()).isEqualTo(200);
        assertThat(o.topicsPerSubscription()).isEqualTo(2);
        assertThat(o.feeds()).isEqualTo(1000);
        assertThat(o.source()).isEqualTo(Options.Source.FEEDS);
        assertThat(o.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.corpora()).isEqualTo(corpora);
    }

    @Test
    void everyFlag() throws Exception {
        Options o = Options.parse(with("--duration", "20s", "--warmup", "500ms", "--rate", "200", "--topics", "50",
                "--subscriptions", "7", "--topics-per-subscription", "3", "--feeds", "10", "--source", "kafka",
                "--poll-interval", "2s", "--hosts", "2", "--report", "r.json", "--chart", "c.svg",
                "--set", "tagger.commit-interval=50ms", "--threads"));
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.warmup()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.rate()).isEqualTo(200);
        assertThat(o.topics()).isEqualTo(50);
        assertThat(o.subscriptions()).isEqualTo(7);
        assertThat(o.topicsPerSubscription()).isEqualTo(3);
        assertThat(o.source()).isEqualTo(Options.Source.KAFKA);
        assertThat(o.report()).isEqualTo(Path.of("r.json"));
        assertThat(o.chart()).isEqualTo(Path.of("c.svg"));
        assertThat(o.settings()).containsEntry("tagger.commit-interval", "50ms");
        assertThat(o.listThreads()).isTrue();
    }

    @Test
    void badValuesNameTheirFlag() throws Exception {
        assertThatThrownBy(() -> Options.parse(with("--rate", "fast"))).hasMessageContaining("--rate")
                .hasMessageContaining("fast").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> Options.parse(with("--topics", "0"))).hasMessageContaining("--topics");
        assertThatThrownBy(() -> Options.parse(with("--duration", "soon"))).hasMessageContaining("--duration");
        assertThatThrownBy(() -> Options.parse(with("--source", "rss"))).hasMessageContaining("--source");
        assertThatThrownBy(() -> Options.parse(with("--speed", "3"))).hasMessageContaining("--speed");
        assertThatThrownBy(() -> Options.parse(with("--rate"))).hasMessageContaining("--rate");
        assertThatThrownBy(() -> Options.parse(with("--set", "novalue"))).hasMessageContaining("--set");
        assertThatThrownBy(() -> Options.parse(with("--topics", "2", "--topics-per-subscription", "3")))
                .hasMessageContaining("--topics-per-subscription");
    }

    @Test
    void missingCorporaIsAClearError() {
        assertThatThrownBy(() -> Options.parse("--corpora", corpora.resolve("nowhere").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--corpora")
                .hasMessageContaining("news-es");
    }
}
