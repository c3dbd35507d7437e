package dev.wirewatch.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides which URLs Wirewatch may call, against server-side request forgery: feeds, pages, webhooks and Slack alike.
 *
 * <p>Only {@code http} and {@code https} URLs without user info pass, and every address the host resolves to must be
 * public: loopback, private (RFC 1918, unique-local), link-local (which holds the cloud metadata address
 * 169.254.169.254), carrier-grade NAT (100.64.0.0/10, which holds Alibaba's metadata address), multicast, broadcast,
 * documentation, benchmarking and reserved ranges are refused, also when they hide inside an IPv6 address
 * (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo). Numeric hosts are read as browsers read them ({@code 2130706433},
 * {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1} are all 127.0.0.1). The operator's allow-list
 * ({@code webhooks.allow-private}) opens exactly the ranges it lists, such as the demo's 127.0.0.0/8.
 *
 * <p>{@link Egress} checks every hop with this policy and connects only to the addresses it checked. Instances are
 * immutable and thread-safe.
 */
public final class AddressPolicy {

    private static final List<Cidr> BLOCKED = List.of(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"), Cidr.parse("127.0.0.0/8"),
            Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"), Cidr.parse("192.0.0.0/24"),
            Cidr.parse("192.0.2.0/24"), Cidr.parse("192.88.99.0/24"), Cidr.parse("192.168.0.0/16"),
            Cidr.parse("198.18.0.0/15"), Cidr.parse("198.51.100.0/24"), Cidr.parse("203.0.113.0/24"),
            Cidr.parse("224.0.0.0/4"), Cidr.parse("240.0.0.0/4"),
            Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("100::/64"), Cidr.parse("2001:db8::/32"),
            Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"), Cidr.parse("fec0::/10"), Cidr.parse("ff00::/8"));
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr NAT64_LOCAL = Cidr.parse("64:ff9b:1::/48");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
    private static final Cidr TEREDO = Cidr.parse("2001::/32");
    private static final Cidr IPV4_COMPATIBLE = Cidr.parse("::/96");
    private static final String ALLOW_HINT = "allow it with webhooks.allow-private (WIREWATCH_WEBHOOKS_ALLOW_PRIVATE)";

    /** How host names become addresses; the JVM's resolver outside tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * A URL that passed the policy.
     *
     * @param uri the URL to request: the numeric host in its canonical form, without fragment
     * @param host the host to connect to, without brackets
     * @param addresses every address the host resolved to, all allowed
     * @param literal whether the host is an address, so that nothing needs resolving
     */
    public record Target(URI uri, String host, List<InetAddress> addresses, boolean literal) {
    }

    private final List<Cidr> allowed;
    private final Resolver resolver;

    private AddressPolicy(List<Cidr> allowed, Resolver resolver) {
        this.allowed = List.copyOf(allowed);
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** The policy with the operator's allow-list of private ranges ({@code webhooks.allow-private}). */
    public static AddressPolicy allowing(List<Cidr> allowPrivate) {
        return new AddressPolicy(allowPrivate, InetAddress::getAllByName);
    }

    /** The strict policy: nothing private is allowed. */
    public static AddressPolicy strict() {
        return allowing(List.of());
    }

    /** This policy with another resolver (tests give fixed answers); the connection then goes where it says. */
    public AddressPolicy withResolver(Resolver other) {
        return new AddressPolicy(allowed, other);
    }

    /** The ranges the operator opened. */
    public List<Cidr> allowList() {
        return allowed;
    }

    /**
     * Checks a URL given as text: scheme, form, and every address its host resolves to.
     *
     * @throws EgressException FORBIDDEN saying why the URL may not be called, or NETWORK when the host does not resolve
     */
    public Target check(String url) throws EgressException {
        if (url == null || url.isBlank()) {
            throw forbidden("no URL");
        }
        try {
            return check(new URI(url.strip()));
        } catch (URISyntaxException e) {
            throw forbidden("not a valid URL: " + e.getMessage());
        }
    }

    /**
     * Checks a URL: scheme, form, and every address its host resolves to.
     *
     * @throws EgressException FORBIDDEN saying why the URL may not be called, or NETWORK when the host does not resolve
     */
    public Target check(URI uri) throws EgressException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw forbidden("only http and https URLs are allowed, not '" + scheme + "'");
        }
        if (uri.isOpaque()) {
            throw forbidden("the URL has no host");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw forbidden("the URL has no host");
        }
        if (uri.getRawUserInfo() != null || authority.contains("@")) {
            throw forbidden("URLs with user info are not allowed");
        }
        String hostPart = uri.getHost();
        int port = uri.getPort();
        if (hostPart == null) {
            // java.net.URI gives no host for forms such as 127.1 or 0x7f.1: read the authority as a browser would
            int colon = authority.lastIndexOf(':');
            hostPart = colon < 0 || authority.startsWith("[") ? authority : authority.substring(0, colon);
            if (colon >= 0 && !authority.startsWith("[")) {
                try {
                    port = Integer.parseInt(authority.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw forbidden("the URL has no valid port");
                }
            }
        }
        String host = hostPart.startsWith("[") && hostPart.endsWith("]")
                ? hostPart.substring(1, hostPart.length() - 1) : hostPart;
        InetAddress literal = null;
        if (host.contains(":")) {
            try {
                literal = InetAddress.getByName(host); // an IPv6 literal: parsed, never looked up
            } catch (UnknownHostException e) {
                throw forbidden("'" + host + "' is not a valid IPv6 address");
            }
        } else {
            literal = NumericHost.parse(host);
            if (literal == null && uri.getHost() == null) {
                throw forbidden("the URL has no valid host");
            }
        }
        if (literal != null) {
            checkAll(host, List.of(literal), true);
            String canonical = literal instanceof Inet6Address ? "[" + literal.getHostAddress() + "]"
                    : literal.getHostAddress();
            return new Target(rebuild(scheme, canonical, port, uri), literal.getHostAddress(), List.of(literal), true);
        }
        List<InetAddress> addresses = resolve(host);
        return new Target(rebuild(scheme, hostPart, port, uri), host.toLowerCase(Locale.ROOT), addresses, false);
    }

    private List<InetAddress> resolve(String host) throws EgressException {
        InetAddress[] found;
        try {
            found = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new EgressException(EgressException.Kind.NETWORK, "host " + host + " does not resolve", e);
        }
        if (found == null || found.length == 0) {
            throw new EgressException(EgressException.Kind.NETWORK, "host " + host + " does not resolve");
        }
        List<InetAddress> addresses = List.of(found);
        checkAll(host, addresses, false);
        return addresses;
    }

    /** Refuses the host unless every one of its addresses is allowed. */
    void checkAll(String host, List<InetAddress> addresses, boolean literal) throws EgressException {
        for (InetAddress address : addresses) {
            if (!allowed(address)) {
                String what = literal ? address.getHostAddress() + " is a private or reserved address"
                        : "host " + host + " resolves to " + address.getHostAddress() + ", a private or reserved address";
                throw forbidden(what + " (" + ALLOW_HINT + ")");
            }
        }
    }

    /** Whether one address may be called: in the allow-list, or public. */
    public boolean allowed(InetAddress address) {
        for (Cidr cidr : allowed) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return !reserved(address);
    }

    /** Whether an address is not on the public internet, also when it hides an IPv4 address inside IPv6. */
    static boolean reserved(InetAddress address) {
        for (Cidr cidr : BLOCKED) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        if (address instanceof Inet6Address v6) {
            if (NAT64_LOCAL.contains(v6)) {
                return true; // local-use NAT64 (RFC 8215) translates into networks of the operator's own choosing
            }
            Inet4Address embedded = embeddedV4(v6.getAddress());
            return embedded != null && reserved(embedded);
        }
        return false;
    }

    private static Inet4Address embeddedV4(byte[] b) {
        InetAddress v6 = address(b);
        if (NAT64.contains(v6) || IPV4_COMPATIBLE.contains(v6)) {
            return v4(b[12], b[13], b[14], b[15]);
        }
        if (SIX_TO_FOUR.contains(v6)) {
            return v4(b[2], b[3], b[4], b[5]);
        }
        if (TEREDO.contains(v6)) {
            // the client address is stored inverted in the last four bytes
            return v4((byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]);
        }
        boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        for (int i = 0; i < 10 && mapped; i++) {
            mapped = b[i] == 0;
        }
        return mapped ? v4(b[12], b[13], b[14], b[15]) : null;
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an address", e);
        }
    }

    private static Inet4Address v4(byte a, byte b, byte c, byte d) {
        InetAddress address = address(new byte[] {a, b, c, d});
        return (Inet4Address) address;
    }

    private static URI rebuild(String scheme, String host, int port, URI uri) throws EgressException {
        StringBuilder text = new StringBuilder(scheme).append("://").append(host);
        if (port >= 0) {
            text.append(':').append(port);
        }
        if (uri.getRawPath() != null) {
            text.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            text.append('?').append(uri.getRawQuery());
        }
        try {
            return new URI(text.toString());
        } catch (URISyntaxException e) {
            throw forbidden("not a valid URL: " + e.getMessage());
        }
    }

    private static EgressException forbidden(String message) {
        return new EgressException(EgressException.Kind.FORBIDDEN, message);
    }
}
