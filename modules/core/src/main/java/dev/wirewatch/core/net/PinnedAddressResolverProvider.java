package dev.wirewatch.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The JVM's name resolver while Wirewatch runs: the addresses {@link Egress} checked for a host it is talking to, and
 * the JDK's own resolver for everything else. Not API: the JDK loads it through
 * {@code META-INF/services/java.net.spi.InetAddressResolverProvider}.
 */
public final class PinnedAddressResolverProvider extends InetAddressResolverProvider {

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        Pins.providerLoaded();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                List<InetAddress> pinned = Pins.lookup(host);
                if (pinned == null) {
                    return builtin.lookupByName(host, policy);
                }
                List<InetAddress> fitting = fitting(pinned, policy.characteristics());
                if (fitting.isEmpty()) {
                    throw new UnknownHostException(host + ": no address of the requested family");
                }
                return fitting.stream();
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return builtin.lookupByAddress(address);
            }
        };
    }

    private static List<InetAddress> fitting(List<InetAddress> addresses, int characteristics) {
        boolean v4 = (characteristics & InetAddressResolver.LookupPolicy.IPV4) != 0;
        boolean v6 = (characteristics & InetAddressResolver.LookupPolicy.IPV6) != 0;
        Stream<InetAddress> stream = addresses.stream()
                .filter(a -> a instanceof Inet4Address ? v4 : a instanceof Inet6Address && v6);
        if ((characteristics & InetAddressResolver.LookupPolicy.IPV4_FIRST) != 0) {
            stream = stream.sorted(Comparator.comparingInt(a -> a instanceof Inet4Address ? 0 : 1));
        } else if ((characteristics & InetAddressResolver.LookupPolicy.IPV6_FIRST) != 0) {
            stream = stream.sorted(Comparator.comparingInt(a -> a instanceof Inet6Address ? 0 : 1));
        }
        return stream.toList();
    }

    @Override
    public String name() {
        return "wirewatch-pinned";
    }
}
