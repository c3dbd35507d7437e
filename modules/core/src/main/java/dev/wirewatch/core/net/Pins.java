package dev.wirewatch.core.net;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The addresses that {@link Egress} checked for the hosts it is talking to now, which the JVM's name look-ups return
 * while a request is in flight (through {@link PinnedAddressResolverProvider}), so that the HTTP client connects to a
 * checked address even when DNS answers differently a moment later (DNS rebinding).
 *
 * <p>This is JVM-wide state because the JDK loads the resolver provider by itself, once; it holds nothing between
 * requests. Thread-safe.
 */
final class Pins {

    private static final Map<String, Pin> PINNED = new HashMap<>();
    private static final AtomicBoolean PROVIDER_LOADED = new AtomicBoolean();

    private Pins() {
    }

    /** The addresses of a pinned host and how many requests hold them. */
    private static final class Pin {
        final List<InetAddress> addresses;
        int holders;

        Pin(List<InetAddress> addresses) {
            this.addresses = addresses;
        }
    }

    /** A pin held by one request; closing it lets go. */
    interface Hold extends AutoCloseable {
        /** The addresses look-ups of the host return while it is held: these, or another request's (check them). */
        List<InetAddress> addresses();

        @Override
        void close();
    }

    /** A hold on nothing, for a host that is an address and needs no look-up. */
    static Hold none(List<InetAddress> addresses) {
        return new Hold() {
            @Override
            public List<InetAddress> addresses() {
                return addresses;
            }

            @Override
            public void close() {
            }
        };
    }

    /** Pins a host to addresses, or joins the pin another request holds on it. */
    static Hold hold(String host, List<InetAddress> addresses) {
        String key = host.toLowerCase(Locale.ROOT);
        Pin pin;
        synchronized (PINNED) {
            pin = PINNED.computeIfAbsent(key, k -> new Pin(List.copyOf(addresses)));
            pin.holders++;
        }
        Pin held = pin;
        return new Hold() {
            private boolean closed;

            @Override
            public List<InetAddress> addresses() {
                return held.addresses;
            }

            @Override
            public void close() {
                synchronized (PINNED) {
                    if (!closed) {
                        closed = true;
                        if (--held.holders == 0) {
                            PINNED.remove(key, held);
                        }
                    }
                }
            }
        };
    }

    /** The pinned addresses of a host, or null. */
    static List<InetAddress> lookup(String host) {
        synchronized (PINNED) {
            Pin pin = PINNED.get(host.toLowerCase(Locale.ROOT));
            return pin == null ? null : pin.addresses;
        }
    }

    static void providerLoaded() {
        PROVIDER_LOADED.set(true);
    }

    /** Whether the JVM asks the pins when it resolves names (the provider is on the class path and was loaded). */
    static boolean active() {
        return PROVIDER_LOADED.get();
    }
}
