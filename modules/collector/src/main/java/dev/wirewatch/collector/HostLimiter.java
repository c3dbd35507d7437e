package dev.wirewatch.collector;

import dev.wirewatch.core.net.EgressException;
import dev.wirewatch.core.net.HostGate;
import dev.wirewatch.core.net.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Politeness towards each host: at most so many requests in flight, at most so many started per second (or fewer, as
 * the host's robots.txt {@code Crawl-delay} asks), and a back-off time after a 429 or 503.
 *
 * <p>The collector's {@link HostGate} on its egress path: every hop of every request blocks in {@link #enter} (on
 * virtual threads) until the host has a slot, and every answer is heard, so that a 429 or 503 holds back the host.
 */
final class HostLimiter implements HostGate {

    private static final Duration DEFAULT_BACK_OFF = Duration.ofMinutes(1);

    private final int concurrency;
    private final long gapNanos;
    private final Semaphore global;
    private final ConcurrentHashMap<String, Host> hosts = new ConcurrentHashMap<>();

    /**
     * @param globalConcurrency requests in flight over all hosts
     * @param perHostConcurrency requests in flight per host
     * @param perHostRate requests started per second per host; 0 for no limit
     */
    HostLimiter(int globalConcurrency, int perHostConcurrency, int perHostRate) {
        this.concurrency = perHostConcurrency;
        this.gapNanos = perHostRate <= 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / perHostRate;
        this.global = new Semaphore(globalConcurrency, true);
    }

    private static final class Host {
        final Semaphore inFlight;
        long nextStartNanos;
        /** The gap a site's robots.txt asks for between two requests (its Crawl-delay); 0 for none. */
        volatile long crawlGapNanos;
        volatile Instant blockedUntil = Instant.EPOCH;

        Host(int concurrency) {
            this.inFlight = new Semaphore(concurrency, true);
        }
    }

    private Host host(String name) {
        return hosts.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new Host(concurrency));
    }

    @Override
    public Slot enter(String hostName) throws EgressException, InterruptedException {
        Instant blocked = blockedUntil(hostName);
        if (blocked.isAfter(Instant.now())) {
            throw new EgressException(EgressException.Kind.RATE_LIMITED, "host " + hostName + " asked us to wait until "
                    + blocked, 0, Duration.between(Instant.now(), blocked), null);
        }
        return acquire(hostName);
    }

    @Override
    public void answered(String hostName, Response response) {
        if (response.status() == 429 || response.status() == 503) {
            Duration retryAfter = response.retryAfter(Instant.now());
            backOff(hostName, retryAfter == null ? DEFAULT_BACK_OFF : retryAfter);
        }
    }

    /** Waits for a slot on this host (concurrency, then rate), then for a global slot. */
    Slot acquire(String hostName) throws InterruptedException {
        Host host = host(hostName);
        host.inFlight.acquire();
        try {
            long gap = Math.max(gapNanos, host.crawlGapNanos);
            if (gap > 0) {
                long wait;
                synchronized (host) {
                    long now = System.nanoTime();
                    long start = Math.max(now, host.nextStartNanos);
                    host.nextStartNanos = start + gap;
                    wait = start - now;
                }
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            global.acquire();
        } catch (InterruptedException e) {
            host.inFlight.release();
            throw e;
        }
        return () -> {
            global.release();
            host.inFlight.release();
        };
    }

    /** Asks for no request to this host before the given time (a 429 or 503 with or without Retry-After). */
    void backOff(String hostName, Duration delay) {
        Host host = host(hostName);
        Instant until = Instant.now().plus(delay);
        if (until.isAfter(host.blockedUntil)) {
            host.blockedUntil = until;
        }
    }

    /**
     * Sets the least time between two requests started to this host, as its robots.txt {@code Crawl-delay} asks; the
     * configured per-host rate still applies when it is stricter.
     */
    void crawlDelay(String hostName, Duration delay) {
        host(hostName).crawlGapNanos = delay.toNanos();
    }

    /** The Crawl-delay set for this host; zero when none. */
    Duration crawlGap(String hostName) {
        Host host = hosts.get(hostName.toLowerCase(Locale.ROOT));
        return host == null ? Duration.ZERO : Duration.ofNanos(host.crawlGapNanos);
    }

    /** The time before which this host should not be asked again; the epoch when it is free. */
    Instant blockedUntil(String hostName) {
        Host host = hosts.get(hostName.toLowerCase(Locale.ROOT));
        return host == null ? Instant.EPOCH : host.blockedUntil;
    }
}
