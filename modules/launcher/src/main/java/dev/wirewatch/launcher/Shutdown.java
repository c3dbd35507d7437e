package dev.wirewatch.launcher;

import java.util.concurrent.CountDownLatch;

/** Waits until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes what it was given, once. */
final class Shutdown {

    private Shutdown() {
    }

    /** Blocks until shutdown, closing {@code resource} in the shutdown hook. */
    static void awaitAndClose(AutoCloseable resource) {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("wirewatch: error while stopping: " + e);
            } finally {
                closed.countDown();
            }
        }, "wirewatch-shutdown"));
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
