package dev.wirewatch.launcher;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes what it was given, once, within a bounded time
 * (the {@code shutdown.timeout} setting): what has not stopped by then is abandoned, with one line saying so, rather
 * than keeping the process alive.
 */
final class Shutdown {

    private Shutdown() {
    }

    /** Blocks until shutdown, closing {@code resource} in the shutdown hook within {@code timeout}. */
    static void awaitAndClose(AutoCloseable resource, Duration timeout) {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Thread closer = Thread.ofPlatform().name("wirewatch-stop").daemon(true).start(() -> {
                try {
                    resource.close();
                } catch (Exception e) {
                    System.err.println("wirewatch: error while stopping: " + Pipeline.rootMessage(e));
                } finally {
                    closed.countDown();
                }
            });
            try {
                if (!closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.err.println("wirewatch: still stopping after " + timeout.toSeconds() + " s (shutdown.timeout);"
                            + " exiting without waiting for " + closer.getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "wirewatch-shutdown"));
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
