package dev.wirewatch.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wirewatch.broker.testing.KafkaClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long fault tests, run with {@code mvn verify -Pfaults}: an endpoint down for two minutes, each stage killed with
 * SIGKILL (and two together), and a rebalance under load, each ending by counting ({@link CommittedLedger}).
 */
@Tag("long-faults")
@ExtendWith(KafkaClusterExtension.class)
class PipelineLongFaultsIT {

    private static final int ITEMS = 60;
    private static final Duration EVERY = Duration.ofMillis(500);
    private static final Duration DELIVERY = Duration.ofMinutes(4);

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
    void aWebhookEndpointDownForTwoMinutesGetsEveryAlertWhenItIsBack() throws Exception {
        Newsroom.Desk desk = room.desk("down");
        Set<String> urls = desk.publish(ITEMS, EVERY);
        await().atMost(DELIVERY).until(() -> desk.endpoint().urls().size() >= 3);
        desk.endpoint().down();
        long downAt = System.nanoTime();
        int before = desk.endpoint().urls().size();
        // stays down for two minutes while the feed keeps publishing and the alerter retries
        await().pollDelay(Duration.ofMinutes(2)).atMost(Duration.ofMinutes(3)).until(() -> true);
        assertThat(desk.endpoint().urls()).hasSize(before);
        desk.endpoint().up();
        assertThat(Duration.ofNanos(System.nanoTime() - downAt)).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
        desk.awaitDelivered(urls, DELIVERY);
        desk.assertExactlyOnce(urls);
    }

    @Test
    void theCollectorKilledWithSigkillAndRestartedLosesAndDuplicatesNothing() throws Exception {
        killAndRestart("collector-kill", "collector");
    }

    @Test
    void theAlerterKilledWithSigkillAndRestartedLosesAndDuplicatesNothing() throws Exception {
        killAndRestart("alerter-kill", "alerter");
    }

    @Test
    void theTaggerAndTheAlerterKilledTogetherLoseAndDuplicateNothing() throws Exception {
        killAndRestart("two-kill", "tagger", "alerter");
    }

    @Test
    void aSecondTaggerAndAlerterJoinUnderLoadThenOneLeaves() throws Exception {
        Newsroom.Desk desk = room.desk("rebalance");
        Set<String> urls = desk.publish(ITEMS, EVERY);
        await().atMost(DELIVERY).until(() -> desk.endpoint().urls().size() >= 5);
        StageProcess tagger2 = room.addInstance("tagger");
        StageProcess alerter2 = room.addInstance("alerter");
        await().atMost(DELIVERY).until(() -> desk.endpoint().urls().size() >= ITEMS / 2);
        tagger2.stop();
        alerter2.stop();
        desk.awaitDelivered(urls, DELIVERY);
        desk.assertExactlyOnce(urls);
    }

    private static void killAndRestart(String deskName, String... stages) throws Exception {
        Newsroom.Desk desk = room.desk(deskName);
        Set<String> urls = desk.publish(ITEMS, EVERY);
        await().atMost(DELIVERY).until(() -> desk.endpoint().urls().size() >= 5);
        for (String stage : stages) {
            room.stage(stage).kill();
        }
        assertThat(desk.endpoint().urls()).as("killed mid-stream").hasSizeLessThan(ITEMS);
        for (String stage : stages) {
            room.stage(stage).start();
        }
        desk.awaitDelivered(urls, DELIVERY);
        desk.assertExactlyOnce(urls);
    }
}
