package dev.wirewatch.collector;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Decides which URLs the collector may fetch: http and https only, and no private, loopback, link-local or
 * otherwise internal address unless it lies in an allowed CIDR ({@code webhooks.allow-private}).
 *
 * <p>Every address the host name resolves to is checked, and so is every redirect target, so that a public feed
 * cannot point the collector at an internal service. The host is resolved again by the HTTP client; a DNS answer
 * that changes between the two look-ups (DNS rebinding) is not caught here.
 */
final class AddressPolicy {

    private final List<Cidr> allowed;

    AddressPolicy(List<String> allowedCidrs) {
        this.allowed = allowedCidrs.stream().map(Cidr::parse).toList();
    }

    /** A policy that allows nothing private. */
    static AddressPolicy strict() {
        return new AddressPolicy(List.of());
    }

    /**
     * Checks a URL before it is fetched.
     *
     * @throws FetchException of kind FORBIDDEN or NETWORK (the host does not resolve)
     */
    void check(URI uri) throws FetchException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException(FetchException.Kind.FORBIDDEN, "refused to fetch " + uri + ": only http and https are fetched");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new FetchException(FetchException.Kind.FORBIDDEN, "refused to fetch " + uri + ": no host");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new FetchException(FetchException.Kind.NETWORK, "unknown host " + host, e);
        }
        for (InetAddress address : addresses) {
            if (isInternal(address) && allowed.stream().noneMatch(c -> c.contains(address))) {
                throw new FetchException(FetchException.Kind.FORBIDDEN, "refused to fetch " + uri + ": " + host
                        + " is the private address " + address.getHostAddress()
                        + " (allow it in webhooks.allow-private)");
            }
        }
    }

    /** Whether an address is not on the public internet. */
    static boolean isInternal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 // this network
                    || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            return (first & 0xfe) == 0xfc; // unique local fc00::/7
        }
        return false;
    }

    /** An address range such as {@code 127.0.0.0/8} or {@code ::1/128}; a bare address is a range of one. */
    record Cidr(byte[] network, int prefixLength) {

        static Cidr parse(String text) {
            String t = text.strip();
            int slash = t.indexOf('/');
            String host = slash < 0 ? t : t.substring(0, slash);
            byte[] bytes;
            try {
                // a literal address is parsed without any look-up
                if (!host.matches("[0-9a-fA-F:.]+")) {
                    throw new IllegalArgumentException("not an IP address: " + text);
                }
                bytes = InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not a CIDR: " + text, e);
            }
            int length = slash < 0 ? bytes.length * 8 : Integer.parseInt(t.substring(slash + 1).strip());
            if (length < 0 || length > bytes.length * 8) {
                throw new IllegalArgumentException("prefix length out of range in " + text);
            }
            return new Cidr(bytes, length);
        }

        boolean contains(InetAddress address) {
            byte[] other = address.getAddress();
            if (other.length != network.length) {
                return false;
            }
            BigInteger mask = BigInteger.ONE.shiftLeft(network.length * 8).subtract(BigInteger.ONE)
                    .shiftRight(prefixLength).not();
            return new BigInteger(1, other).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }
}
