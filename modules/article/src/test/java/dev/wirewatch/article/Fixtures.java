package dev.wirewatch.article;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the test fixtures under {@code src/test/resources}. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
