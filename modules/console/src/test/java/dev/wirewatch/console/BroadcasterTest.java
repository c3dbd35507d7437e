package dev.wirewatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BroadcasterTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Broadcaster<String> broadcaster = new Broadcaster<>("test", 2, meters);

    @Test
    void eachListenerGetsWhatPassesItsFilter() {
        Broadcaster.Listener<String> cecot = broadcaster.listen(s -> s.startsWith("cecot"));
        Broadcaster.Listener<String> all = broadcaster.listen(s -> true);
        broadcaster.publish("cecot-1");
        broadcaster.publish("bukele-1");
        assertThat(cecot.queue()).containsExactly(Optional.of("cecot-1"));
        assertThat(all.queue()).containsExactly(Optional.of("cecot-1"), Optional.of("bukele-1"));
        broadcaster.remove(all);
        assertThat(broadcaster.size()).isEqualTo(1);
    }

    @Test
    void aListenerThatFallsBehindIsEndedAndCounted() {
        Broadcaster.Listener<String> slow = broadcaster.listen(s -> true);
        broadcaster.publish("a");
        broadcaster.publish("b");
        broadcaster.publish("c");
        assertThat(slow.overflowed()).isTrue();
        assertThat(slow.queue()).containsExactly(Optional.empty());
        broadcaster.publish("d");
        assertThat(slow.queue()).containsExactly(Optional.empty());
        assertThat(meters.counter("wirewatch.console.stream.dropped", "stream", "test").count()).isEqualTo(1.0);
    }

    @Test
    void closingEndsEveryStream() {
        Broadcaster.Listener<String> open = broadcaster.listen(s -> true);
        broadcaster.close();
        assertThat(open.queue()).containsExactly(Optional.empty());
        assertThat(broadcaster.listen(s -> true).queue()).containsExactly(Optional.empty());
    }
}
