package dev.wirewatch.launcher;

import static dev.wirewatch.launcher.PackagedJar.freePort;
import static dev.wirewatch.launcher.PackagedJar.portIsFree;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code wirewatch.jar} refusing to start: each failure is one line that names the cause and the flag to
 * change, with exit status 2, and leaves nothing behind (no port held, no temporary folder).
 */
class StartupFailuresIT {


    @TempDir
    Path tmp;
    private Path javaTmp;

    @BeforeEach
    void ownTemporaryFolder() throws IOException {
        javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
    }

    private record Result(int exit, List<String> lines) {
        String line() {
            assertThat(lines).as("one line, got %s", lines).hasSize(1);
            return lines.get(0);
        }
    }

    private Result run(String... args) throws Exception {
        Process process = new ProcessBuilder(PackagedJar.command("512m", javaTmp, args)).redirectErrorStream(true).directory(tmp.toFile()).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("exits: %s", output).isTrue();
        assertThat(process.descendants().filter(ProcessHandle::isAlive)).as("nothing left running").isEmpty();
        return new Result(process.exitValue(), output.lines().filter(l -> !l.isBlank()).toList());
    }

    /** Holds a port as another program would. */
    private static ServerSocket busyPort() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        return socket;
    }

    private void noTemporaryFolderLeft() throws IOException {
        try (Stream<Path> left = Files.list(javaTmp)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("wirewatch-"))).isEmpty();
        }
    }

    @Test
    void aBusyKafkaPortNamesTheFlag() throws Exception {
        int console = freePort();
        try (ServerSocket kafka = busyPort()) {
            Result result = run("demo", "--kafka-port", Integer.toString(kafka.getLocalPort()), "--port", Integer.toString(console));
            assertThat(result.exit()).isEqualTo(2);
            assertThat(result.line()).isEqualTo("wirewatch: port " + kafka.getLocalPort() + " (the embedded Kafka broker) is already"
                    + " in use on 127.0.0.1 by another program; stop it or choose another port with --kafka-port PORT");
        }
        noTemporaryFolderLeft();
        assertThat(portIsFree(console)).isTrue();
    }

    @Test
    void aBusyConsolePortNamesTheFlag() throws Exception {
        int kafka = freePort();
        try (ServerSocket console = busyPort()) {
            Result result = run("demo", "--kafka-port", Integer.toString(kafka), "--port", Integer.toString(console.getLocalPort()));
            assertThat(result.exit()).isEqualTo(2);
            assertThat(result.line()).startsWith("wirewatch: port " + console.getLocalPort() + " (the console's dashboard and API)"
                    + " is already in use").endsWith("choose another port with --port PORT");
        }
        noTemporaryFolderLeft();
        assertThat(portIsFree(kafka)).as("the broker was not left running").isTrue();
    }

    @Test
    void aBusyDemoSitePortNamesTheFlag() throws Exception {
        try (ServerSocket site = busyPort()) {
            Result result = run("demo", "--kafka-port", Integer.toString(freePort()), "--port", Integer.toString(freePort()),
                    "--site-port", Integer.toString(site.getLocalPort()));
            assertThat(result.exit()).isEqualTo(2);
            assertThat(result.line()).startsWith("wirewatch: port " + site.getLocalPort() + " (the demo news site) is already in use")
                    .endsWith("choose another port with --site-port PORT");
        }
        noTemporaryFolderLeft();
    }

    @Test
    void aBusyHealthPortNamesTheSetting() throws Exception {
        try (ServerSocket health = busyPort()) {
            Result result = run("run", "--set", "data.dir=" + tmp.resolve("data"), "--set", "kafka.embedded.port=" + freePort(),
                    "--set", "console.port=" + freePort(), "--set", "http.host=127.0.0.1",
                    "--set", "http.port=" + health.getLocalPort());
            assertThat(result.exit()).isEqualTo(2);
            assertThat(result.line()).startsWith("wirewatch: port " + health.getLocalPort() + " (the health and metrics endpoint)")
                    .endsWith("choose another port with --set http.port=PORT");
        }
    }

    @Test
    void aDataDirectoryThatCannotBeWrittenNamesTheFlag() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-directory"), "x");
        Result result = run("demo", "--data", file.toString(), "--kafka-port", Integer.toString(freePort()),
                "--port", Integer.toString(freePort()));
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.line()).isEqualTo("wirewatch: the data directory " + file.toRealPath()
                + " is a file, not a directory; choose another with --data DIR");

        Result underAFile = run("run", "--set", "data.dir=" + file.resolve("data"), "--set", "kafka.embedded.port=" + freePort(),
                "--set", "console.port=" + freePort(), "--set", "http.port=0");
        assertThat(underAFile.exit()).isEqualTo(2);
        assertThat(underAFile.line()).startsWith("wirewatch: the data directory " + file.toRealPath().resolve("data")
                + " cannot be written").endsWith("; choose another with --set data.dir=DIR");
    }

    @Test
    void aDataDirectoryOfAnotherClusterNamesTheFlag() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("other-cluster"));
        Files.writeString(data.resolve("cluster.id"), "q1Sh-9_ISia_zwGINzRvyQ\n");
        Files.createDirectories(data.resolve("kafka"));
        Files.writeString(data.resolve("kafka/meta.properties"), "version=1\nnode.id=1\ncluster.id=XyZ0123456789abcdefghi\n"
                + "directory.id=AAAAAAAAAAAAAAAAAAAAAA\n");
        int kafka = freePort();
        Result result = run("demo", "--data", data.toString(), "--kafka-port", Integer.toString(kafka), "--port", Integer.toString(freePort()));
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.line()).isEqualTo("wirewatch: the data directory " + data.toRealPath() + " belongs to Kafka cluster"
                + " q1Sh-9_ISia_zwGINzRvyQ, but its broker log is cluster XyZ0123456789abcdefghi; choose another with --data DIR"
                + " or empty it to start afresh");
        assertThat(portIsFree(kafka)).isTrue();

        Files.writeString(data.resolve("kafka/meta.properties"), "version=1\nnode.id=3\ncluster.id=q1Sh-9_ISia_zwGINzRvyQ\n");
        Result otherBroker = run("demo", "--data", data.toString(), "--kafka-port", Integer.toString(kafka), "--port", Integer.toString(freePort()));
        assertThat(otherBroker.exit()).isEqualTo(2);
        assertThat(otherBroker.line()).contains("holds the log of another Kafka broker (node id 3").endsWith("--data DIR or empty it to start afresh");
    }

    @Test
    void aBadSettingIsOneLineNamingIt() throws Exception {
        Result result = run("run", "--set", "kafka.partitions=many");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.line()).startsWith("wirewatch: kafka.partitions: ");
        noTemporaryFolderLeft();
    }
}
