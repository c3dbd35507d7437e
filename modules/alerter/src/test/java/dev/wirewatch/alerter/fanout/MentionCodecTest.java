package dev.wirewatch.alerter.fanout;

import static dev.wirewatch.alerter.testing.Fixtures.mention;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Mention;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MentionCodecTest {

    private final MentionCodec codec = new MentionCodec();

    @Test
    void writesExactlyTheBytesOfTheRegistrySerdes() {
        Mention m = mention("cecot", "a1", "s1", "es", "elfaro.net");
        assertThat(codec.write(m)).isEqualTo(Topics.MENTION_SERDE.toBytes(m));
        Alert realtime = new Alert(1, "al_1", "desk", Alert.REALTIME, List.of(m), Instant.parse("2026-11-27T10:05:00Z"),
                null);
        assertThat(new String(codec.write(realtime))).isEqualTo(new String(Topics.ALERT_SERDE.toBytes(realtime)));
        Alert noted = new Alert(1, "al_2", "desk \"mentions\":[]", Alert.REALTIME, List.of(m), Instant.now(), "a note");
        assertThat(codec.write(noted)).isEqualTo(Topics.ALERT_SERDE.toBytes(noted));
        Alert digest = new Alert(1, "al_3", "desk", Alert.DIGEST, List.of(m, mention("cecot", "a2", "s2", "en", "x.org")),
                Instant.now(), "n");
        assertThat(codec.write(digest)).isEqualTo(Topics.ALERT_SERDE.toBytes(digest));
    }

    @Test
    void readsTheSameObjectBackForTheSameBytesAndTellsDifferentBytesApart() {
        Mention a = mention("cecot", "a1", "s1", "es", "elfaro.net");
        Mention b = mention("cecot", "a2", "s1", "es", "elfaro.net");
        byte[] bytesA = Topics.MENTION_SERDE.toBytes(a);
        Mention first = codec.read(bytesA);
        assertThat(first).isEqualTo(a);
        assertThat(codec.read(bytesA.clone())).isSameAs(first);
        assertThat(codec.read(Topics.MENTION_SERDE.toBytes(b))).isEqualTo(b);
        assertThat(codec.write(first)).isEqualTo(bytesA);
    }

    @Test
    void aRoutedMentionRoundTripsWithItsSubscribersAndEverySubscriberHasOnePartition() {
        Mention m = mention("cecot", "a1", "s1", "es", "elfaro.net");
        Routed routed = new Routed(2, List.of("latam-desk", "mesa \u00e9", ""), m);
        Routed back = codec.readRouted(codec.write(routed));
        assertThat(back).isEqualTo(routed);
        assertThat(Routed.partitionOf("latam-desk", 6)).isEqualTo(Routed.partitionOf("latam-desk", 6)).isBetween(0, 5);
    }
}
