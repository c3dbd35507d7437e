package dev.wirewatch.core.net;

/**
 * Politeness towards one host, which {@link Egress} asks before every hop: the collector limits requests per host and
 * backs off a host that answered 429 or 503. Waiting here does not count against a request's deadline.
 */
public interface HostGate {

    /** A gate that lets every request through at once. */
    HostGate OPEN = host -> () -> { };

    /**
     * Waits for a slot on a host (on a virtual thread).
     *
     * @return the slot, to close when the response is read
     * @throws EgressException RATE_LIMITED when the host asked us to wait
     */
    Slot enter(String host) throws EgressException, InterruptedException;

    /** Learns how a host answered (status and {@code Retry-After}), to slow down when it asks. */
    default void answered(String host, Response response) {
    }

    /** A slot held while one request is on the wire. */
    @FunctionalInterface
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }
}
