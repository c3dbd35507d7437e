package dev.wirewatch.bench.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of every write the bench makes: each send's callback counts an acknowledgement or a failure, and the
 * first failures are kept with what was written, so that a lost write is reported, never silent.
 */
final class CheckedSends {

    private static final Logger LOG = LoggerFactory.getLogger(CheckedSends.class);
    private static final int KEPT_FAILURES = 10;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<String> failures = new ArrayList<>();

    /** A callback for one send of {@code what} (a topic and key, for the message); call it before sending. */
    Callback callback(String what) {
        sent.incrementAndGet();
        return (metadata, exception) -> {
            if (exception == null) {
                acked.incrementAndGet();
            } else {
                fail(what, exception);
            }
        };
    }

    /** Counts a send that threw before the producer took it. */
    void thrown(String what, RuntimeException e) {
        sent.incrementAndGet();
        fail(what, e);
    }

    private void fail(String what, Exception exception) {
        long n = failed.incrementAndGet();
        synchronized (failures) {
            if (failures.size() < KEPT_FAILURES) {
                failures.add(what + ": " + exception);
            }
        }
        if (n <= KEPT_FAILURES) {
            LOG.error("Bench write failed: {}: {}", what, exception.toString());
        }
    }

    /**
     * Waits until every send so far has an outcome.
     *
     * @throws IllegalStateException when some did not within the limit
     */
    void awaitOutcomes(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (acked.get() + failed.get() < sent.get()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException((sent.get() - acked.get() - failed.get()) + " of " + sent.get()
                        + " bench writes have no outcome after " + limit.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    long sent() {
        return sent.get();
    }

    long acked() {
        return acked.get();
    }

    long failed() {
        return failed.get();
    }

    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }
}
