package dev.wirewatch.alerter.delivery;

import io.micrometer.core.instrument.Counter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs delivery jobs on a fixed set of virtual threads ({@code alerter.max-concurrency}), at most
 * {@code alerter.max-concurrency-per-endpoint} at a time for any one endpoint, taking endpoints in turn, so that one
 * slow endpoint uses its own few slots and never holds up the others.
 *
 * <p>An endpoint queues at most {@code alerter.max-queued-per-endpoint} jobs; {@link #submit} refuses a job beyond
 * that, and the caller parks it in the retry topic instead of waiting.
 */
final class Endpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Endpoints.class);

    private final int maxPerEndpoint;
    private final int maxQueued;
    private final Consumer<Job> worker;
    private final Counter crashes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition idle = lock.newCondition();
    private final Map<String, Endpoint> endpoints = new HashMap<>();
    private final ArrayDeque<Endpoint> ready = new ArrayDeque<>();
    private final List<Thread> workers = new ArrayList<>();
    private int running;
    private int queued;
    private boolean closed;

    /**
     * @param workers how many jobs may run at once, across endpoints
     * @param worker runs one job; it must not throw for a failed delivery (a throw is logged and counted)
     */
    Endpoints(int workers, int maxPerEndpoint, int maxQueued, Consumer<Job> worker, Counter crashes) {
        this.maxPerEndpoint = maxPerEndpoint;
        this.maxQueued = maxQueued;
        this.worker = worker;
        this.crashes = crashes;
        for (int i = 0; i < workers; i++) {
            this.workers.add(Thread.ofVirtual().name("alerter-delivery-" + i).start(this::work));
        }
    }

    /** One endpoint's queue and the jobs it has running. */
    private static final class Endpoint {
        final String key;
        final ArrayDeque<Job> queue = new ArrayDeque<>();
        int running;
        boolean inReady;

        Endpoint(String key) {
            this.key = key;
        }
    }

    /** Queues a job for an endpoint; false when the endpoint's queue is full or the service is closing. */
    boolean submit(String endpoint, Job job) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            Endpoint e = endpoints.computeIfAbsent(endpoint, Endpoint::new);
            if (e.queue.size() >= maxQueued) {
                return false;
            }
            e.queue.add(job);
            queued++;
            offer(e);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Puts an endpoint in line for a worker when it has work and a free slot. Call with the lock held. */
    private void offer(Endpoint e) {
        if (!e.inReady && !e.queue.isEmpty() && e.running < maxPerEndpoint) {
            e.inReady = true;
            ready.add(e);
            work.signal();
        }
    }

    private void work() {
        while (true) {
            Endpoint e;
            Job job;
            lock.lock();
            try {
                while (ready.isEmpty() && !closed) {
                    work.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                e = ready.poll();
                e.inReady = false;
                job = e.queue.poll();
                queued--;
                e.running++;
                running++;
                offer(e);
            } finally {
                lock.unlock();
            }
            try {
                worker.accept(job);
            } catch (RuntimeException ex) {
                crashes.increment();
                LOG.error("Delivery of alert {} failed unexpectedly; it will be read again after a restart",
                        job.alert().id(), ex);
            }
            lock.lock();
            try {
                e.running--;
                running--;
                offer(e);
                if (e.running == 0 && e.queue.isEmpty()) {
                    endpoints.remove(e.key);
                }
                if (running == 0) {
                    idle.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Jobs running now. */
    int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** Jobs waiting for a slot. */
    int queued() {
        lock.lock();
        try {
            return queued;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops taking jobs, forgets the queued ones (their alerts are not settled, so they are read again by whoever
     * owns their partition next) and waits for the running ones.
     *
     * @return whether every running job finished in time
     */
    boolean shutdown(long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            closed = true;
            for (Endpoint e : endpoints.values()) {
                e.queue.clear();
            }
            queued = 0;
            ready.clear();
            work.signalAll();
            long left = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (running > 0) {
                if (left <= 0) {
                    return false;
                }
                left = idle.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
