package dev.wirewatch.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The packaged launcher, {@code target/wirewatch.jar}, run as a separate process the way a user runs it: the tests
 * of the launcher's command line, its start-up failures and its crashes share this.
 */
public final class PackagedJar {

    /** The jar {@code mvn package} builds, relative to the module. */
    public static final Path JAR = Path.of("target/wirewatch.jar");

    private PackagedJar() {
    }

    /** A started process and the lines it has printed so far (standard error included). */
    public record Running(Process process, List<String> lines) {

        public boolean printed(String text) {
            return lines.stream().anyMatch(l -> l.contains(text));
        }

        public String lineWith(String text) {
            return lines.stream().filter(l -> l.contains(text)).findFirst().orElseThrow();
        }
    }

    /**
     * The command line that runs the jar with {@code args} on this test's own JVM, with a heap of at most
     * {@code maxHeap} and the JVM's temporary files under {@code javaTmp}, so that a test can see what is left there.
     */
    public static List<String> command(String maxHeap, Path javaTmp, String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx" + maxHeap, "-Djava.io.tmpdir=" + javaTmp, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts the jar with a 768 MB heap; its output is collected line by line as it comes. */
    public static Running start(Path javaTmp, String... args) throws IOException {
        Process process = new ProcessBuilder(command("768m", javaTmp, args)).redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output closed: " + e + ")");
            }
        });
        return new Running(process, lines);
    }

    /** A loopback port nothing listens on at the moment. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Whether the loopback port can be bound now, that is, whatever held it has let it go. */
    public static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}
