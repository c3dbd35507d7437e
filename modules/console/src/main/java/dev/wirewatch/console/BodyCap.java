package dev.wirewatch.console;

import io.micrometer.core.instrument.Counter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Caps request bodies however they are sent: a declared {@code Content-Length} over the cap is refused before
 * anything is read, and a body without one (chunked) is read up to the cap and refused as soon as it goes over, with
 * 413 and a JSON error. A body within the cap is handed on from memory.
 *
 * <p>Javalin's own limit looks at {@code Content-Length} only, which a chunked body does not have. After a refusal the
 * rest of the body is read and dropped (up to a few times the cap), so that the client reads the 413 instead of a
 * reset connection; past that the connection is closed.
 */
final class BodyCap implements Filter {

    private static final int DRAIN_FACTOR = 4;

    private final int cap;
    private final Counter refused;

    BodyCap(int cap, Counter refused) {
        this.cap = cap;
        this.refused = refused;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        long declared = http.getContentLengthLong();
        if (declared <= 0 && http.getHeader("Transfer-Encoding") == null) {
            chain.doFilter(request, response); // no body
            return;
        }
        if (declared > cap) {
            refuse((HttpServletResponse) response, "the request body of " + declared + " bytes is over the limit of "
                    + cap + " bytes", true);
            return;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 0), cap));
        InputStream in = http.getInputStream();
        byte[] chunk = new byte[16 * 1024];
        int n;
        while ((n = in.read(chunk)) != -1) {
            if (buffer.size() + n > cap) {
                long dropped = drain(in, (long) cap * DRAIN_FACTOR);
                refuse((HttpServletResponse) response, "the request body is over the limit of " + cap + " bytes",
                        dropped < 0);
                return;
            }
            buffer.write(chunk, 0, n);
        }
        chain.doFilter(new Buffered(http, buffer.toByteArray()), response);
    }

    /** Reads and drops the rest of a body; -1 when more than {@code limit} was left (the connection is then closed). */
    private static long drain(InputStream in, long limit) throws IOException {
        byte[] sink = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(sink)) != -1) {
            total += n;
            if (total > limit) {
                return -1;
            }
        }
        return total;
    }

    private void refuse(HttpServletResponse response, String message, boolean close) throws IOException {
        refused.increment();
        byte[] body = ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(413);
        response.setContentType("application/json");
        if (close) {
            response.setHeader("Connection", "close");
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /** A request whose body was read already. */
    private static final class Buffered extends HttpServletRequestWrapper {

        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body was read already; read it blocking");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public String getHeader(String name) {
            if ("Content-Length".equalsIgnoreCase(name)) {
                return Integer.toString(body.length);
            }
            return "Transfer-Encoding".equalsIgnoreCase(name) ? null : super.getHeader(name);
        }
    }
}
