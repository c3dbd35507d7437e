package dev.wirewatch.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the shared corpora ({@code ../shared/corpora} beside the checkout, or the {@code wirewatch.corpora} system
 * property) and skips the calling test with a clear message when they are absent.
 */
public final class Corpora {

    private Corpora() {
    }

    /** The corpora folder, or a skipped test when it is not there. */
    public static Path root() {
        String configured = System.getProperty("wirewatch.corpora");
        Path path = configured != null ? Path.of(configured) : Path.of("../shared/corpora");
        Assumptions.assumeTrue(Files.isDirectory(path),
                "shared corpora not found at " + path.toAbsolutePath() + ": skipping (they live beside the checkout in ../shared/corpora)");
        return path;
    }

    /** A folder of the corpora, such as {@code feeds/rome}, or a skipped test. */
    public static Path resolve(String folder) {
        Path path = root().resolve(folder);
        Assumptions.assumeTrue(Files.exists(path), "corpus folder " + path + " is absent: skipping");
        return path;
    }
}
