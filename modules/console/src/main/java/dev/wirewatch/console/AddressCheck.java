package dev.wirewatch.console;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks outbound URLs (webhooks, Slack, feeds, submitted articles) when they are saved: http or https, and no
 * private, loopback, link-local or otherwise internal address unless it lies in {@code webhooks.allow-private}.
 *
 * <p>This is a first check for a person's benefit; the stages that connect check again at connection time (DNS may
 * change). A host name that does not resolve now is accepted, since it may resolve later and is checked then.
 */
final class AddressCheck {

    /** One CIDR block such as {@code 127.0.0.0/8} or {@code fd00::/8}. */
    record Cidr(byte[] network, int bits) {
        static Cidr parse(String text) {
            String[] parts = text.strip().split("/", 2);
            InetAddress address = literal(parts[0]);
            if (address == null) {
                throw new IllegalArgumentException("not an IP address: " + parts[0]);
            }
            int max = address.getAddress().length * 8;
            int bits = parts.length == 2 ? Integer.parseInt(parts[1].strip()) : max;
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("prefix length out of range in " + text);
            }
            return new Cidr(address.getAddress(), bits);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            BigInteger mask = bits == 0 ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftLeft(bytes.length * 8 - bits);
            return new BigInteger(1, bytes).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }

    private static final List<Cidr> INTERNAL = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
            "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/3",
            "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8").stream().map(Cidr::parse).toList();

    private final List<Cidr> allowed;
    private final Duration resolveTimeout;

    AddressCheck(List<String> allowPrivate, Duration resolveTimeout) {
        List<Cidr> cidrs = new ArrayList<>();
        for (String text : allowPrivate) {
            cidrs.add(Cidr.parse(text));
        }
        this.allowed = List.copyOf(cidrs);
        this.resolveTimeout = resolveTimeout;
    }

    /**
     * Checks a URL that Wirewatch will connect to.
     *
     * @param field the request field, for the error
     * @throws ApiError 400 naming the field and what is wrong
     */
    URI check(String field, String url) {
        if (url == null || url.isBlank()) {
            throw ApiError.badRequest(field, "a URL is required");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw ApiError.badRequest(field, "not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiError.badRequest(field, "the URL must start with http:// or https://");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw ApiError.badRequest(field, "the URL has no host");
        }
        if (uri.getUserInfo() != null) {
            throw ApiError.badRequest(field, "the URL must not carry a user name or password");
        }
        for (InetAddress address : resolve(host)) {
            if (isInternal(address) && allowed.stream().noneMatch(c -> c.contains(address))) {
                throw ApiError.badRequest(field, "the URL points at a private or internal address (" + address.getHostAddress()
                        + "); add it to webhooks.allow-private (WIREWATCH_WEBHOOKS_ALLOW_PRIVATE) to allow it");
            }
        }
        return uri;
    }

    /** Whether an address is private, loopback, link-local, multicast or otherwise not on the public internet. */
    static boolean isInternal(InetAddress address) {
        InetAddress v4 = mappedV4(address);
        InetAddress check = v4 != null ? v4 : address;
        return check.isAnyLocalAddress() || check.isLoopbackAddress() || check.isLinkLocalAddress()
                || check.isSiteLocalAddress() || check.isMulticastAddress()
                || INTERNAL.stream().anyMatch(c -> c.contains(check));
    }

    private static InetAddress mappedV4(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            for (int i = 0; i < 10; i++) {
                if (b[i] != 0) {
                    return null;
                }
            }
            if ((b[10] == (byte) 0xff && b[11] == (byte) 0xff)) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private List<InetAddress> resolve(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress literal = literal(bare);
        if (literal != null) {
            return List.of(literal);
        }
        if (bare.equalsIgnoreCase("localhost") || bare.toLowerCase(Locale.ROOT).endsWith(".localhost")) {
            return List.of(InetAddress.getLoopbackAddress());
        }
        CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
        Thread.ofVirtual().name("console-dns").start(() -> {
            try {
                lookup.complete(InetAddress.getAllByName(bare));
            } catch (UnknownHostException | RuntimeException e) {
                lookup.completeExceptionally(e);
            }
        });
        try {
            return List.of(lookup.get(resolveTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** The address of an IP literal, or null when the text is a host name. */
    static InetAddress literal(String text) {
        boolean v4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = text.contains(":") && text.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
