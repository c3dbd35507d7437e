package dev.wirewatch.console;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Counts failed key checks per client address and shuts out an address that fails too often: after
 * {@code maxFailures} wrong keys within {@code window} (counted from its first failure), the address is refused
 * until that window ends, without its keys being checked.
 *
 * <p>Memory is bounded: at most {@code maxAddresses} addresses are tracked, and the one tracked longest is forgotten
 * to make room for a new one. An attacker with more addresses than that can push others out of the table, which
 * costs them nothing but lets their own count restart; a key of 256 random bits is out of reach by guessing anyway,
 * so this limit is against noise and load, not the only guard. Thread-safe.
 */
final class FailedAuthLimiter {

    /** The failures of one address in its current window. */
    private static final class Window {
        final long startNanos;
        int failures;

        Window(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Window> windows;

    FailedAuthLimiter(int maxFailures, Duration window, int maxAddresses) {
        this(maxFailures, window, maxAddresses, System::nanoTime);
    }

    FailedAuthLimiter(int maxFailures, Duration window, int maxAddresses, LongSupplier nanoTime) {
        if (maxFailures < 1 || maxAddresses < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("failures, addresses and window must be positive, got " + maxFailures
                    + ", " + maxAddresses + ", " + window);
        }
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.windows = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /**
     * How long {@code address} is still shut out, or null when its keys may be checked.
     */
    synchronized Duration refusedFor(String address) {
        Window window = windows.get(address);
        if (window == null) {
            return null;
        }
        long left = window.startNanos + windowNanos - nanoTime.getAsLong();
        if (left <= 0) {
            windows.remove(address);
            return null;
        }
        return window.failures >= maxFailures ? Duration.ofNanos(left) : null;
    }

    /** Counts one failed key check from {@code address}. */
    synchronized void failed(String address) {
        long now = nanoTime.getAsLong();
        Window window = windows.get(address);
        if (window == null || now - window.startNanos >= windowNanos) {
            // a new window goes to the end of the table: the eldest entry is the one tracked longest
            windows.remove(address);
            window = new Window(now);
            windows.put(address, window);
        }
        window.failures++;
    }

    /** Addresses tracked now (for tests and the log). */
    synchronized int tracked() {
        return windows.size();
    }
}
