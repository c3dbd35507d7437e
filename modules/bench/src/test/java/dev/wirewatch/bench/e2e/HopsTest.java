package dev.wirewatch.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HopsTest {

    @Test
    void feedHopsRunFromPollToDelivery() {
        Hops h = new Hops(1_000, 1_700, 1_750, 1_800, 1_950, 2_100, 2_130);
        assertThat(h.of(Hops.Hop.POLL_WAIT)).isEqualTo(700);
        assertThat(h.of(Hops.Hop.FETCH)).isEqualTo(50);
        assertThat(h.of(Hops.Hop.ARTICLE_COMMITTED)).isEqualTo(50);
        assertThat(h.of(Hops.Hop.MENTION_COMMITTED)).isEqualTo(150);
        assertThat(h.of(Hops.Hop.ALERT_COMMITTED)).isEqualTo(150);
        assertThat(h.of(Hops.Hop.DELIVERED)).isEqualTo(30);
        // the polling wait apart
        assertThat(h.total()).isEqualTo(430);
        assertThat(h.fromPublished()).isEqualTo(1_130);
        assertThat(h.fromArticleCommitted()).isEqualTo(330);
        long sum = 0;
        for (Hops.Hop hop : Hops.ALL) {
            sum += h.of(hop);
        }
        assertThat(sum).isEqualTo(h.fromPublished());
    }

    @Test
    void kafkaHopsHaveNoPollAndRunFromProduced() {
        Hops h = new Hops(5_000, -1, 5_000, 5_020, 5_200, 5_350, 5_360);
        assertThat(h.of(Hops.Hop.POLL_WAIT)).isEqualTo(Hops.UNKNOWN);
        assertThat(h.of(Hops.Hop.FETCH)).isEqualTo(Hops.UNKNOWN);
        assertThat(h.of(Hops.Hop.ARTICLE_COMMITTED)).isEqualTo(20);
        assertThat(h.total()).isEqualTo(360);
    }

    @Test
    void anUnseenPointMakesItsHopsUnknown() {
        Hops h = new Hops(1_000, 1_100, 1_200, 1_300, -1, 1_500, 1_600);
        assertThat(h.of(Hops.Hop.MENTION_COMMITTED)).isEqualTo(Hops.UNKNOWN);
        assertThat(h.of(Hops.Hop.ALERT_COMMITTED)).isEqualTo(Hops.UNKNOWN);
        assertThat(h.total()).isEqualTo(500);
    }
}
