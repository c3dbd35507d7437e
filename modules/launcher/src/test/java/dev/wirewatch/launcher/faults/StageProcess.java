package dev.wirewatch.launcher.faults;

import static org.awaitility.Awaitility.await;

import dev.wirewatch.launcher.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Wirewatch stage in a JVM of its own, started as {@code wirewatch <stage>} would start it, so that a test can kill
 * it with SIGKILL and start it again.
 */
final class StageProcess implements AutoCloseable {

    private final String stage;
    private final Map<String, String> settings;
    private final Path logDir;
    private int starts;
    private Process process;

    StageProcess(String stage, Map<String, String> settings, Path logDir) {
        this.stage = stage;
        this.settings = settings;
        this.logDir = logDir;
    }

    String stage() {
        return stage;
    }

    /** Starts the stage and waits until it says it runs. */
    StageProcess start() throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-cp", classpath, Main.class.getName(), stage));
        settings.forEach((key, value) -> {
            command.add("--set");
            command.add(key + "=" + value);
        });
        Files.createDirectories(logDir);
        Path log = logDir.resolve(stage + "-" + (++starts) + ".log");
        Process started = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process = started;
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!started.isAlive()) {
                throw new AssertionError("the " + stage + " process exited early; see " + log.toAbsolutePath());
            }
            return Files.readString(log).contains("Wirewatch " + stage + " running");
        });
        return this;
    }

    /** Kills the stage with SIGKILL and waits for it to be gone. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Stops the stage with SIGTERM (a clean leave: it closes its clients and leaves its groups) and waits. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
