package dev.wirewatch.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wirewatch.broker.EmbeddedKafkaCluster;
import dev.wirewatch.broker.testing.KafkaClusterExtension;
import dev.wirewatch.core.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short fault tests of the default build: collector, tagger and alerter, each in its own JVM, against the
 * three-node cluster while a feed publishes at a steady rate; each test injects one fault mid-stream and ends by
 * counting ({@link CommittedLedger}). The tests tagged long-faults here, and {@link PipelineLongFaultsIT}, run under
 * {@code -Pfaults}.
 */
@ExtendWith(KafkaClusterExtension.class)
class PipelineFaultsIT {

    static final int ITEMS = 24;
    static final Duration EVERY = Duration.ofMillis(400);
    static final Duration DELIVERY = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    private static Newsroom room;

    @BeforeAll
    static void start() throws Exception {
        room = Newsroom.start(KafkaClusterExtension.cluster(), dir);
    }

    @AfterAll
    static void stop() {
        if (room != null) {
            room.close();
        }
    }

    @Test
    void aBrokerStoppedAndRestartedMidStreamLosesAndDuplicatesNothing() throws Exception {
        Newsroom.Desk desk = room.desk("broker");
        Set<String> urls = desk.publish(ITEMS, EVERY);
        await().atMost(DELIVERY).until(() -> desk.endpoint().urls().size() >= 3);
        EmbeddedKafkaCluster cluster = room.cluster();
        int victim = cluster.leaderOf(room.names().of(Topics.MENTIONS), 1);
        cluster.stop(victim);
        await().atMost(DELIVERY).until(() -> desk.endpoint().urls().size() >= ITEMS / 2);
        cluster.restart(victim);
        desk.awaitDelivered(urls, DELIVERY);
        desk.assertExactlyOnce(urls);
    }

    @Test
    @Tag("long-faults") // -Pfaults: the default build keeps one broker fault and the endpoint faults
    void theLeaderOfTheArticlesPartitionStoppedMidStreamLosesAndDuplicatesNothing() throws Exception {
        Newsroom.Desk desk = room.desk("leader");
        Set<String> urls = desk.publish(ITEMS, EVERY);
        await().atMost(DELIVERY).until(() -> desk.endpoint().urls().size() >= 3);
        EmbeddedKafkaCluster cluster = room.cluster();
        int leader = cluster.leaderOf(room.names().of(Topics.ARTICLES), 0);
        cluster.stop(leader);
        assertThat(cluster.leaderOf(room.names().of(Topics.ARTICLES), 0)).as("a new leader was elected").isNotEqualTo(leader);
        desk.awaitDelivered(urls, DELIVERY);
        cluster.restart(leader);
        desk.assertExactlyOnce(urls);
    }

    @Test
    @Tag("long-faults") // -Pfaults: the default build keeps one broker fault and the endpoint faults
    void theTaggerKilledWithSigkillAndRestartedLosesAndDuplicatesNothing() throws Exception {
        Newsroom.Desk desk = room.desk("tagger");
        Set<String> urls = desk.publish(ITEMS, EVERY);
        await().atMost(DELIVERY).until(() -> desk.endpoint().urls().size() >= 3);
        StageProcess tagger = room.stage("tagger");
        tagger.kill();
        assertThat(desk.endpoint().urls()).as("killed mid-stream").hasSizeLessThan(ITEMS);
        tagger.start();
        desk.awaitDelivered(urls, DELIVERY);
        desk.assertExactlyOnce(urls);
    }

    @Test
    void hangingAndGoneEndpointsAndBrokenFeedsHoldNoOtherDeskUp() throws Exception {
        for (NewsFeeds.Behaviour bad : new NewsFeeds.Behaviour[] {NewsFeeds.Behaviour.TIME_OUT, NewsFeeds.Behaviour.RESET,
                NewsFeeds.Behaviour.GARBAGE}) {
            String feed = "broken-" + bad.name().toLowerCase(Locale.ROOT);
            room.feeds().behave(feed, bad);
            room.addFeed(feed);
        }
        Newsroom.Desk hanging = room.desk("hang");
        Newsroom.Desk gone = room.desk("gone");
        Newsroom.Desk healthy = room.desk("healthy");
        hanging.endpoint().mode(WebhookEndpoint.Mode.HANG);
        gone.endpoint().mode(WebhookEndpoint.Mode.GONE);
        Set<String> hangingUrls = hanging.publish(ITEMS, EVERY);
        Set<String> goneUrls = gone.publish(ITEMS, EVERY);
        Set<String> healthyUrls = healthy.publish(ITEMS, EVERY);

        // the healthy desk gets everything while its neighbours hang and refuse, and broken feeds are polled
        healthy.awaitDelivered(healthyUrls, DELIVERY);
        assertThat(hanging.endpoint().requests()).as("the hanging endpoint was tried").isPositive();
        assertThat(hanging.endpoint().accepted()).isEmpty();

        // 410: the subscription is turned off after its first answer, and nothing more is sent there
        await().atMost(DELIVERY).until(() -> subscriptionDisabled(gone.id()));
        int goneRequests = gone.endpoint().requests();
        assertThat(goneRequests).isPositive();

        // the hanging endpoint recovers: every alert it missed is retried and arrives
        hanging.endpoint().mode(WebhookEndpoint.Mode.OK);
        hanging.awaitDelivered(hangingUrls, DELIVERY);

        healthy.assertExactlyOnce(healthyUrls);
        hanging.assertExactlyOnce(hangingUrls);
        CommittedLedger goneLedger = CommittedLedger.read(room.client(), room.names(), gone.id(), gone.id());
        assertThat(goneLedger.mentionCounts()).as("mentions are tagged whatever the endpoint does").hasSize(goneUrls.size())
                .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
        assertThat(goneLedger.alertCounts()).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
        assertThat(gone.endpoint().accepted()).isEmpty();
        assertThat(goneLedger.alertCounts()).as("the fan-out stopped alerting the disabled subscription")
                .hasSizeLessThan(goneUrls.size());
        assertThat(gone.endpoint().requests()).as("a 410 is final: no alert was sent there twice")
                .isLessThanOrEqualTo(goneLedger.alertCounts().size());
    }

    private static boolean subscriptionDisabled(String id) {
        return SubscriptionReader.latest(room.client(), room.names().of(Topics.SUBSCRIPTIONS), id)
                .map(s -> !s.enabled()).orElse(false);
    }
}
