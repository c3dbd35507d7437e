package dev.wirewatch.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The failed-key limiter on a clock the test moves. */
class FailedAuthLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private FailedAuthLimiter limiter(int maxFailures, int maxAddresses) {
        return new FailedAuthLimiter(maxFailures, Duration.ofSeconds(60), maxAddresses, now::get);
    }

    @Test
    void anAddressIsRefusedAfterItsFailuresUntilItsWindowEnds() {
        FailedAuthLimiter limiter = limiter(3, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.refusedFor("10.0.0.1")).isNull();
            limiter.failed("10.0.0.1");
        }
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        assertThat(limiter.refusedFor("10.0.0.1")).isEqualTo(Duration.ofSeconds(40));
        assertThat(limiter.refusedFor("10.0.0.2")).isNull();
        now.addAndGet(Duration.ofSeconds(40).toNanos());
        assertThat(limiter.refusedFor("10.0.0.1")).isNull();
        assertThat(limiter.tracked()).isZero();
    }

    @Test
    void failuresSpreadOverMoreThanOneWindowAreNotAddedUp() {
        FailedAuthLimiter limiter = limiter(3, 100);
        limiter.failed("10.0.0.1");
        limiter.failed("10.0.0.1");
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        limiter.failed("10.0.0.1");
        limiter.failed("10.0.0.1");
        assertThat(limiter.refusedFor("10.0.0.1")).isNull();
        limiter.failed("10.0.0.1");
        assertThat(limiter.refusedFor("10.0.0.1")).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theAddressTrackedLongestIsForgottenWhenTheTableIsFull() {
        FailedAuthLimiter limiter = limiter(1, 3);
        for (int i = 1; i <= 5; i++) {
            limiter.failed("10.0.0." + i);
            now.addAndGet(1);
        }
        assertThat(limiter.tracked()).isEqualTo(3);
        assertThat(limiter.refusedFor("10.0.0.1")).isNull();
        assertThat(limiter.refusedFor("10.0.0.2")).isNull();
        assertThat(limiter.refusedFor("10.0.0.3")).isNotNull();
        assertThat(limiter.refusedFor("10.0.0.5")).isNotNull();
    }

    @Test
    void nonsenseLimitsAreRefused() {
        assertThatThrownBy(() -> limiter(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FailedAuthLimiter(1, Duration.ZERO, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
