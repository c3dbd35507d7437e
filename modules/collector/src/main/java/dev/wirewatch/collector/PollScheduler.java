package dev.wirewatch.collector;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each feed is polled next: a delay queue of due polls read by one platform thread, which hands each due poll to
 * the workers and, once it is done, schedules the next one at the feed's adaptive interval.
 *
 * <p>A due poll carries its feed's schedule generation: rescheduling or removing a feed makes older entries stale.
 */
final class PollScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PollScheduler.class);
    private static final Duration FIRST_POLL_SPREAD = Duration.ofSeconds(5);

    /** One poll of one feed; returns the server's Retry-After when it asked us to wait, else null. */
    @FunctionalInterface
    interface Poll {
        Duration run(FeedState state) throws InterruptedException;
    }

    private final Map<String, FeedState> feeds;
    private final PollSchedule schedule;
    private final ExecutorService workers;
    private final Poll poll;
    private final CollectorMetrics metrics;
    private final Function<FeedState, Duration> minimumInterval;
    private final DelayQueue<Due> queue = new DelayQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param minimumInterval per feed, a floor on the interval to the next poll (a feed pushed to us is polled rarely);
     *                        {@link Duration#ZERO} for none
     */
    PollScheduler(Map<String, FeedState> feeds, PollSchedule schedule, ExecutorService workers, Poll poll,
                  CollectorMetrics metrics, Function<FeedState, Duration> minimumInterval) {
        this.feeds = feeds;
        this.schedule = schedule;
        this.workers = workers;
        this.poll = poll;
        this.metrics = metrics;
        this.minimumInterval = minimumInterval;
        this.thread = Thread.ofPlatform().name("collector-scheduler").daemon(true).start(this::loop);
    }

    /** A poll due at a time; stale when the feed's generation moved on. */
    private record Due(String feedId, long generation, long atNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(atNanos, ((Due) other).atNanos);
        }
    }

    /** Schedules the first poll of a new feed, spread over a few seconds so that a big feed set does not start at once. */
    void first(FeedState state) {
        long spread = ThreadLocalRandom.current().nextLong(Math.max(1, Math.min(FIRST_POLL_SPREAD.toMillis(),
                schedule.min().toMillis())));
        enqueue(state, Instant.now().plusMillis(spread));
    }

    /** Polls a feed as soon as a slot is free (after the running poll, if one runs). */
    void now(FeedState state) {
        long generation = state.requestRefresh();
        if (generation >= 0) {
            queue.add(new Due(state.feed().id(), generation, System.nanoTime()));
        }
    }

    void enqueue(FeedState state, Instant at) {
        long generation = state.schedule(at);
        long delay = Math.max(0, Duration.between(Instant.now(), at).toNanos());
        queue.add(new Due(state.feed().id(), generation, System.nanoTime() + delay));
    }

    private void loop() {
        while (running) {
            Due due;
            try {
                due = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            FeedState state = feeds.get(due.feedId());
            if (state == null || !state.startPoll(due.generation())) {
                continue;
            }
            try {
                workers.execute(() -> pollAndReschedule(state));
            } catch (RejectedExecutionException e) {
                return; // closing
            }
        }
    }

    private void pollAndReschedule(FeedState state) {
        Duration retryAfter = null;
        try {
            retryAfter = poll.run(state);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            metrics.error("internal");
            state.failure(e.toString());
            LOG.error("Feed {}: unexpected failure while polling {}", state.feed().id(), state.feed().url(), e);
        } finally {
            boolean again = state.finishPoll();
            if (running && feeds.get(state.feed().id()) == state) {
                Instant next;
                if (again) {
                    next = Instant.now();
                } else {
                    Duration interval = state.nextInterval(schedule, retryAfter, ThreadLocalRandom.current());
                    Duration floor = minimumInterval.apply(state);
                    next = Instant.now().plus(interval.compareTo(floor) < 0 ? floor : interval);
                }
                enqueue(state, next);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
