package dev.wirewatch.alerter.delivery;

import static dev.wirewatch.alerter.testing.Fixtures.mention;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wirewatch.alerter.testing.Fixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class EndpointsTest {

    private static Job job(String id) {
        return Job.first(Fixtures.alert(id, "desk", mention("cecot", id, id, "es", "elfaro.net")), null,
                new TopicPartition("alerts", 0), 0);
    }

    @Test
    void anEndpointRunsAtMostItsShareAndQueuesAtMostItsLimitWhileOthersRunOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> peak = new ConcurrentHashMap<>();
        AtomicInteger done = new AtomicInteger();
        Endpoints endpoints = new Endpoints(8, 2, 3, job -> {
            String endpoint = job.alert().id().startsWith("slow") ? "slow" : "fast";
            int now = running.computeIfAbsent(endpoint, k -> new AtomicInteger()).incrementAndGet();
            peak.computeIfAbsent(endpoint, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
            if (endpoint.equals("slow")) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            running.get(endpoint).decrementAndGet();
            done.incrementAndGet();
        }, new SimpleMeterRegistry().counter("crashes"));

        assertThat(endpoints.submit("slow", job("slow-0"))).isTrue();
        assertThat(endpoints.submit("slow", job("slow-1"))).isTrue();
        assertThat(endpoints.submit("slow", job("slow-2"))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> endpoints.running() == 2 && endpoints.queued() == 1);
        assertThat(endpoints.submit("slow", job("slow-3"))).isTrue();
        assertThat(endpoints.submit("slow", job("slow-4"))).isTrue();
        assertThat(endpoints.submit("slow", job("slow-5"))).as("two running and three queued: full").isFalse();
        int accepted = 5;

        for (int i = 0; i < 20; i++) {
            assertThat(endpoints.submit("fast", job("fast-" + i))).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> endpoints.queued() <= 3);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> done.get() == 20);
        assertThat(peak.get("slow").get()).isEqualTo(2);
        assertThat(peak.get("fast").get()).isLessThanOrEqualTo(2);

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> done.get() == 20 + accepted);
        assertThat(endpoints.shutdown(1000)).isTrue();
        assertThat(endpoints.submit("fast", job("late"))).isFalse();
    }
}
