package dev.wirewatch.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
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
        assertThat(o.deployment()).isEqualTo(Options.Deployment.inProcess(Options.Source.FEEDS));
        assertThat(o.deployment().bootstrapServers()).isNull();
        assertThat(o.deployment().partitions()).isNull();
        assertThat(o.deployment().stages()).containsExactly("collector", "tagger", "alerter");
        assertThat(o.deployment().receiverHost()).isEqualTo("127.0.0.1");
        assertThat(Options.parse(with("--source", "kafka")).deployment().stages()).containsExactly("tagger", "alerter");
    }

    @Test
    void stagesElsewhereOnAnExistingCluster() throws Exception {
        Options o = Options.parse(with("--source", "kafka", "--bootstrap-servers", "k1:9092,k2:9092", "--partitions", "16",
                "--stages", "none", "--stage-endpoints", "http://127.0.0.1:8101,http://10.0.0.7:8201",
                "--receiver-host", "10.0.0.5", "--set", "kafka.topic-prefix=scale-1."));
        Options.Deployment d = o.deployment();
        assertThat(d.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(d.partitions()).isEqualTo(16);
        assertThat(d.stages()).isEmpty();
        assertThat(d.remote(Options.Source.KAFKA)).containsExactly("tagger", "alerter");
        assertThat(d.stageEndpoints()).containsExactly(URI.create("http://127.0.0.1:8101"),
                URI.create("http://10.0.0.7:8201"));
        assertThat(d.receiverHost()).isEqualTo("10.0.0.5");
        assertThat(o.settings()).containsEntry("kafka.topic-prefix", "scale-1.");
    }

    @Test
    void someStagesInTheBenchStartInPipelineOrder() throws Exception {
        Options o = Options.parse(with("--source", "kafka", "--bootstrap-servers", "k1:9092", "--stages", "ALERTER",
                "--set", "kafka.topic-prefix=p."));
        assertThat(o.deployment().stages()).containsExactly("alerter");
        assertThat(o.deployment().remote(Options.Source.KAFKA)).containsExactly("tagger");
        assertThat(Options.parse(with("--stages", "alerter,collector,tagger")).deployment().stages())
                .containsExactly("collector", "tagger", "alerter");
        // the cluster may come from --set as from the flag
        assertThat(Options.parse(with("--source", "kafka", "--set", "kafka.bootstrap-servers=k9:9092", "--stages", "none",
                "--set", "kafka.topic-prefix=p.")).deployment().bootstrapServers()).isEqualTo("k9:9092");
    }

    @Test
    void deploymentMistakesAreNamed() throws Exception {
        assertThatThrownBy(() -> Options.parse(with("--source", "kafka", "--stages", "none",
                "--set", "kafka.topic-prefix=p."))).hasMessageContaining("--bootstrap-servers")
                .hasMessageContaining("[tagger, alerter]");
        assertThatThrownBy(() -> Options.parse(with("--bootstrap-servers", "k:9092", "--stages", "tagger,alerter",
                "--set", "kafka.topic-prefix=p."))).hasMessageContaining("collector").hasMessageContaining("--source kafka");
        assertThatThrownBy(() -> Options.parse(with("--source", "kafka", "--bootstrap-servers", "k:9092", "--stages",
                "none"))).hasMessageContaining("kafka.topic-prefix");
        assertThatThrownBy(() -> Options.parse(with("--stages", "parser"))).hasMessageContaining("--stages")
                .hasMessageContaining("'parser'");
        assertThatThrownBy(() -> Options.parse(with("--source", "kafka", "--stages", "collector,tagger,alerter")))
                .hasMessageContaining("collector").hasMessageContaining("--source kafka");
        assertThatThrownBy(() -> Options.parse(with("--stages", "none,tagger"))).hasMessageContaining("none");
        assertThatThrownBy(() -> Options.parse(with("--partitions", "0"))).hasMessageContaining("--partitions");
        assertThatThrownBy(() -> Options.parse(with("--partitions", "4", "--set", "kafka.partitions=8")))
                .hasMessageContaining("--partitions").hasMessageContaining("not both");
        assertThatThrownBy(() -> Options.parse(with("--bootstrap-servers", "k:9092", "--set",
                "kafka.bootstrap-servers=j:9092"))).hasMessageContaining("not both");
        assertThatThrownBy(() -> Options.parse(with("--bootstrap-servers", " "))).hasMessageContaining("--bootstrap-servers");
        assertThatThrownBy(() -> Options.parse(with("--source", "kafka", "--bootstrap-servers", "k:9092", "--stages",
                "none", "--set", "kafka.topic-prefix=p.", "--stage-endpoints", "ftp://h:1")))
                .hasMessageContaining("--stage-endpoints").hasMessageContaining("ftp://h:1");
        assertThatThrownBy(() -> Options.parse(with("--source", "kafka", "--bootstrap-servers", "k:9092", "--stages",
                "none", "--set", "kafka.topic-prefix=p.", "--stage-endpoints", "http://no-port")))
                .hasMessageContaining("--stage-endpoints");
        assertThatThrownBy(() -> Options.parse(with("--stage-endpoints", "http://h:1")))
                .hasMessageContaining("--stage-endpoints").hasMessageContaining("every stage");
        assertThatThrownBy(() -> Options.parse(with("--receiver-host", ""))).hasMessageContaining("--receiver-host");
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
