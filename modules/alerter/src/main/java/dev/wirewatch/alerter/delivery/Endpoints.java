package dev.wirewatch.alerter.delivery;

import io.micrometer.core.instrument.Counter;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs delivery jobs with bounded concurrency per endpoint, each on a virtual thread, so that one slow endpoint uses
 * its own few slots and never holds up the others.
 *
 * <p>An endpoint runs at most {@code maxConcurrency} jobs at once and queues at most {@code maxQueued} more;
 * {@link #submit} refuses a job beyond that, and the caller parks it in the retry topic instead of waiting.
 */
final class Endpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Endpoints.class);

    private final int maxConcurrency;
    private final int maxQueued;
    private final Consumer<Job> worker;
    private final Counter crashes;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final ReentrantLock idleLock = new ReentrantLock();
    private final Condition idle = idleLock.newCondition();
    private volatile boolean closed;

    /** @param worker runs one job; it must not throw for a failed delivery (a throw is logged and the job dropped) */
    Endpoints(int maxConcurrency, int maxQueued, Consumer<Job> worker, Counter crashes) {
        this.maxConcurrency = maxConcurrency;
        this.maxQueued = maxQueued;
        this.worker = worker;
        this.crashes = crashes;
    }

    /** Starts or queues a job for an endpoint; false when the endpoint's queue is full or the service is closing. */
    boolean submit(String endpoint, Job job) {
        if (closed) {
            return false;
        }
        Endpoint e = endpoints.computeIfAbsent(endpoint, k -> new Endpoint());
        e.lock.lock();
        try {
            if (e.running < maxConcurrency) {
                e.running++;
                running.incrementAndGet();
                Thread.ofVirtual().name("alerter-delivery").start(() -> drain(e, job));
                return true;
            }
            if (e.queue.size() >= maxQueued) {
                return false;
            }
            e.queue.add(job);
            queued.incrementAndGet();
            return true;
        } finally {
            e.lock.unlock();
        }
    }

    private void drain(Endpoint e, Job first) {
        Job job = first;
        while (job != null) {
            try {
                worker.accept(job);
            } catch (RuntimeException ex) {
                crashes.increment();
                LOG.error("Delivery of alert {} failed unexpectedly; it will be read again after a restart",
                        job.alert().id(), ex);
            }
            e.lock.lock();
            try {
                job = closed ? null : e.queue.poll();
                if (job != null) {
                    queued.decrementAndGet();
                } else {
                    e.running--;
                }
            } finally {
                e.lock.unlock();
            }
        }
        if (running.decrementAndGet() == 0) {
            idleLock.lock();
            try {
                idle.signalAll();
            } finally {
                idleLock.unlock();
            }
        }
    }

    /** Jobs running now. */
    int running() {
        return running.get();
    }

    /** Jobs waiting for a slot at their endpoint. */
    int queued() {
        return queued.get();
    }

    /**
     * Stops taking jobs, forgets the queued ones (their alerts are not settled, so they are read again by whoever
     * owns their partition next) and waits for the running ones.
     *
     * @return whether every running job finished in time
     */
    boolean shutdown(long timeoutMillis) throws InterruptedException {
        closed = true;
        for (Endpoint e : endpoints.values()) {
            e.lock.lock();
            try {
                queued.addAndGet(-e.queue.size());
                e.queue.clear();
            } finally {
                e.lock.unlock();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        idleLock.lock();
        try {
            while (running.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            return true;
        } finally {
            idleLock.unlock();
        }
    }

    /** One endpoint's slots, queue and pause. */
    private static final class Endpoint {
        final ReentrantLock lock = new ReentrantLock();
        final ArrayDeque<Job> queue = new ArrayDeque<>();
        int running;
    }
}
