package dev.wirewatch.core.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Reads a host that is an IPv4 address in any form a browser or {@code inet_aton} accepts: dotted quad, decimal
 * ({@code 2130706433}), octal ({@code 0177.0.0.1}), hex ({@code 0x7f.1}) and short forms ({@code 127.1}), as the
 * WHATWG URL standard does. The JDK reads some of these differently ({@code 0177.0.0.1} as 177.0.0.1), so the
 * policy reads them itself and the request goes to the canonical dotted quad.
 */
final class NumericHost {

    private NumericHost() {
    }

    /**
     * The address of a numeric host, or null when the host is a name.
     *
     * @throws EgressException FORBIDDEN when the host ends in a number but is not a valid address
     */
    static Inet4Address parse(String host) throws EgressException {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = h.split("\\.", -1);
        if (parts.length == 0 || !numeric(parts[parts.length - 1])) {
            return null;
        }
        if (parts.length > 4) {
            throw invalid(host);
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!numeric(parts[i])) {
                throw invalid(host);
            }
            values[i] = value(parts[i], host);
        }
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 255) {
                throw invalid(host);
            }
        }
        long last = values[values.length - 1];
        if (last >= 1L << (8 * (5 - values.length))) {
            throw invalid(host);
        }
        long address = last;
        for (int i = 0; i < values.length - 1; i++) {
            address |= values[i] << (8 * (3 - i));
        }
        byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static boolean numeric(String part) {
        String p = part.toLowerCase(Locale.ROOT);
        if (p.startsWith("0x")) {
            return p.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
        }
        return !p.isEmpty() && p.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static long value(String part, String host) throws EgressException {
        String p = part.toLowerCase(Locale.ROOT);
        int radix = 10;
        if (p.startsWith("0x")) {
            p = p.substring(2);
            radix = 16;
        } else if (p.length() > 1 && p.startsWith("0")) {
            p = p.substring(1);
            radix = 8;
        }
        if (p.isEmpty()) {
            return 0;
        }
        if (p.length() > 12) {
            throw invalid(host);
        }
        try {
            return Long.parseLong(p, radix);
        } catch (NumberFormatException e) {
            throw invalid(host); // an 8 or 9 in an octal part
        }
    }

    private static EgressException invalid(String host) {
        return new EgressException(EgressException.Kind.FORBIDDEN, "'" + host + "' is not a valid IPv4 address");
    }
}
