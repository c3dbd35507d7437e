package dev.wirewatch.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;

/**
 * What one demo run opened, closed in reverse order on exit; then the log file, and a temporary data directory is
 * deleted so that no {@code wirewatch-demo-*} folder is left behind.
 */
final class DemoSession implements AutoCloseable {

    private final Path dataDir;
    private final boolean temporary;
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    DemoSession(Path dataDir, boolean temporary) {
        this.dataDir = dataDir;
        this.temporary = temporary;
    }

    Path dataDir() {
        return dataDir;
    }

    /** Registers something to close before everything added earlier. */
    void add(AutoCloseable resource) {
        open.push(resource);
    }

    @Override
    public void close() {
        while (!open.isEmpty()) {
            AutoCloseable next = open.pop();
            try {
                next.close();
            } catch (Exception e) {
                System.err.println("wirewatch: " + next + " did not stop cleanly: " + Pipeline.rootMessage(e));
            }
        }
        LogFile.close();
        if (temporary) {
            deleteTree(dataDir);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("wirewatch: could not delete the temporary directory " + dir + " (" + e.getMessage() + ")");
        }
    }
}
