package dev.wirewatch.alerter.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides whether the alerter may call a URL that a subscriber gave (webhook or Slack), against server-side request
 * forgery.
 *
 * <p>By default only {@code http} and {@code https} URLs without user info are allowed, and every address the host
 * resolves to must be public: loopback, private (RFC 1918, unique-local), link-local (which holds the cloud metadata
 * address 169.254.169.254), carrier-grade NAT (100.64.0.0/10, which holds Alibaba's metadata address), multicast,
 * documentation, benchmarking and reserved ranges are refused, also when they hide inside an IPv6 address (IPv4-mapped,
 * IPv4-compatible, NAT64, 6to4, Teredo). An operator allow-list of CIDRs ({@code webhooks.allow-private}) lets
 * trusted internal targets through, such as the demo's local receiver.
 *
 * <p>The check runs when a subscription is created or changed and again before every delivery; the alerter never
 * follows redirects, so a checked URL cannot bounce elsewhere. The JVM caches the addresses it resolved (30 s by
 * default), so the HTTP client connects to the addresses that were just checked. Instances are immutable and
 * thread-safe.
 */
public final class EgressPolicy {

    private static final List<Cidr> BLOCKED = List.of(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"), Cidr.parse("127.0.0.0/8"),
            Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"), Cidr.parse("192.0.0.0/24"),
            Cidr.parse("192.0.2.0/24"), Cidr.parse("192.88.99.0/24"), Cidr.parse("192.168.0.0/16"),
            Cidr.parse("198.18.0.0/15"), Cidr.parse("198.51.100.0/24"), Cidr.parse("203.0.113.0/24"),
            Cidr.parse("224.0.0.0/4"), Cidr.parse("240.0.0.0/4"),
            Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("100::/64"), Cidr.parse("2001:db8::/32"),
            Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"), Cidr.parse("fec0::/10"), Cidr.parse("ff00::/8"));
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
    private static final Cidr TEREDO = Cidr.parse("2001::/32");
    private static final Cidr IPV4_COMPATIBLE = Cidr.parse("::/96");

    private final List<Cidr> allowed;
    private final Resolver resolver;

    /** How host names become addresses; the JVM's resolver outside tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private EgressPolicy(List<Cidr> allowed, Resolver resolver) {
        this.allowed = allowed;
        this.resolver = resolver;
    }

    /**
     * A policy with an allow-list of CIDRs (or single addresses) that may be reached although they are private.
     *
     * @throws IllegalArgumentException naming an entry that is not a CIDR
     */
    public static EgressPolicy allowing(List<String> allowPrivateCidrs) {
        return allowing(allowPrivateCidrs, InetAddress::getAllByName);
    }

    /** A policy with an allow-list and a resolver of its own. */
    public static EgressPolicy allowing(List<String> allowPrivateCidrs, Resolver resolver) {
        List<Cidr> cidrs = new ArrayList<>();
        for (String entry : allowPrivateCidrs) {
            if (!entry.isBlank()) {
                cidrs.add(Cidr.parse(entry.strip()));
            }
        }
        return new EgressPolicy(List.copyOf(cidrs), Objects.requireNonNull(resolver, "resolver"));
    }

    /** The strict policy: nothing private is allowed. */
    public static EgressPolicy strict() {
        return allowing(List.of());
    }

    /**
     * Checks a URL: scheme, form, and every address its host resolves to.
     *
     * @return the parsed URL
     * @throws RefusedException saying why the URL may not be called
     */
    public URI check(String url) throws RefusedException {
        if (url == null || url.isBlank()) {
            throw new RefusedException("no URL");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new RefusedException("not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedException("only http and https URLs are allowed, not '" + scheme + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedException("URLs with user info are not allowed");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new RefusedException("the URL has no host");
        }
        checkHost(host);
        return uri;
    }

    /** Checks every address a host name (or literal address) resolves to. */
    public void checkHost(String host) throws RefusedException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            boolean literal = bare.contains(":") || bare.matches("[0-9.]+");
            // a literal address needs no lookup (and must not go to a resolver that might rewrite it)
            addresses = literal ? new InetAddress[] {InetAddress.getByName(bare)} : resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new RefusedException("host " + bare + " does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new RefusedException("host " + bare + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!allowed(address)) {
                throw new RefusedException("host " + bare + " resolves to " + address.getHostAddress()
                        + ", a private or reserved address (allow it with webhooks.allow-private)");
            }
        }
    }

    /** Whether one address may be called: public, or in the allow-list. */
    public boolean allowed(InetAddress address) {
        for (Cidr cidr : allowed) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return !reserved(address);
    }

    static boolean reserved(InetAddress address) {
        for (Cidr cidr : BLOCKED) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Inet4Address embedded = null;
            if (NAT64.contains(v6) || IPV4_COMPATIBLE.contains(v6)) {
                embedded = v4(b[12], b[13], b[14], b[15]);
            } else if (SIX_TO_FOUR.contains(v6)) {
                embedded = v4(b[2], b[3], b[4], b[5]);
            } else if (TEREDO.contains(v6)) {
                // the client address is stored inverted in the last four bytes
                embedded = v4((byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]);
            } else if (b[10] == (byte) 0xff && b[11] == (byte) 0xff && allZero(b, 0, 10)) {
                embedded = v4(b[12], b[13], b[14], b[15]);
            }
            return embedded != null && reserved(embedded);
        }
        return false;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Inet4Address v4(byte a, byte b, byte c, byte d) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    /** A URL the alerter may not call, and why. */
    public static final class RefusedException extends Exception {

        private static final long serialVersionUID = 1L;

        public RefusedException(String message) {
            super(message);
        }
    }

    /** An address range, IPv4 or IPv6. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            byte[] bytes;
            try {
                if (!address.matches("[0-9a-fA-F:.]+")) {
                    throw new IllegalArgumentException("'" + text + "' is not a CIDR such as 127.0.0.0/8 or fd00::/8");
                }
                bytes = InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + text + "' is not a CIDR such as 127.0.0.0/8 or fd00::/8");
            }
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("'" + text + "' has a prefix length out of range");
                }
            }
            return new Cidr(bytes, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (candidate[full] & mask) == (network[full] & mask);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cidr other && prefix == other.prefix && Arrays.equals(network, other.network);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(network) + prefix;
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
            } catch (UnknownHostException e) {
                return Arrays.toString(network) + "/" + prefix;
            }
        }
    }
}
