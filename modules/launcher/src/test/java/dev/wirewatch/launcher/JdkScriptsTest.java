package dev.wirewatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the real {@code ./wirewatch} and {@code .ci/run} scripts, copied into a scratch checkout, with a fake {@code java}
 * that reports a chosen version and a fake {@code mvn}: JDK-23-only flags reach a JVM of 23 or newer only, for Maven
 * as for the launcher, and a too-old JDK is refused with one line.
 */
class JdkScriptsTest {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final String UNSAFE_FLAG = "--sun-misc-unsafe-memory-access=allow";
    /** The tools the scripts call besides java and mvn; linked into a PATH that holds no real JDK. */
    private static final List<String> TOOLS = List.of("bash", "sh", "awk", "dirname", "readlink", "find", "touch",
            "tail", "head", "cat", "env");

    @TempDir
    Path tmp;
    private Path checkout;
    private Path bin;
    private Path mvnLog;

    @BeforeEach
    void scratchCheckout() throws Exception {
        checkout = tmp.resolve("checkout");
        copy("wirewatch");
        copy("scripts/jdk.sh");
        copy(".ci/run");
        Path jar = checkout.resolve("modules/launcher/target/wirewatch.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not a jar: the fake java never opens it");
        bin = Files.createDirectories(tmp.resolve("bin"));
        for (String tool : TOOLS) {
            Path real = which(tool);
            Files.createSymbolicLink(bin.resolve(tool), real);
        }
        mvnLog = tmp.resolve("mvn.log");
        executable(bin.resolve("mvn"), """
                #!/bin/sh
                if [ "$1" = "-v" ]; then echo "Apache Maven (fake)"; exit 0; fi
                echo "args=$* MAVEN_OPTS=$MAVEN_OPTS" >> "%s"
                """.formatted(mvnLog));
        // .ci/run installs these when missing; present, it leaves apt-get alone
        executable(bin.resolve("chromium"), "#!/bin/sh\n");
        executable(bin.resolve("chromedriver"), "#!/bin/sh\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {21, 22, 25})
    void theLauncherPassesJdk23FlagsOnlyToAJvmOf23OrNewer(int version) throws Exception {
        Result result = run(List.of(checkout.resolve("wirewatch").toString(), "--version"), fakeJdk(version), "");

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("JAVA ", "-jar " + checkout.resolve("modules/launcher/target/wirewatch.jar"), "--version");
        if (version >= 23) {
            assertThat(result.output()).contains(UNSAFE_FLAG);
        } else {
            assertThat(result.output()).doesNotContain("--sun-misc-unsafe-memory-access");
        }
        assertThat(mvnLog).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(ints = {21, 22, 25})
    void theLauncherBuildGivesMavenOnlyTheFlagsItsJdkKnows(int version) throws Exception {
        Path pom = checkout.resolve("pom.xml");
        Files.writeString(pom, "<project/>");
        Files.setLastModifiedTime(pom, FileTime.from(Instant.now().plusSeconds(60)));

        Result result = run(List.of(checkout.resolve("wirewatch").toString(), "--version"), fakeJdk(version),
                UNSAFE_FLAG + " -Xmx1g");

        assertThat(result.exit()).as(result.output()).isZero();
        String maven = Files.readString(mvnLog);
        assertThat(maven).contains("install").contains("-Xmx1g");
        assertThat(maven.contains(UNSAFE_FLAG)).as(maven).isEqualTo(version >= 23);
    }

    @ParameterizedTest
    @ValueSource(ints = {21, 22, 25})
    void ciRunsTheReadmeTestCommandWithFlagsItsJdkKnows(int version) throws Exception {
        Result result = run(List.of(checkout.resolve(".ci/run").toString()), fakeJdk(version), "");

        assertThat(result.exit()).as(result.output()).isZero();
        String maven = Files.readString(mvnLog).strip();
        assertThat(maven).startsWith("args=-B verify MAVEN_OPTS=");
        assertThat(maven.contains(UNSAFE_FLAG)).as(maven).isEqualTo(version >= 23);
    }

    @Test
    void aJdk17IsRefusedWithOneLineAndStatus2() throws Exception {
        Path jdk17 = fakeJdk(17);
        Result result = run(List.of(checkout.resolve("wirewatch").toString(), "demo"), jdk17, "");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.output().strip().lines()).hasSize(1);
        assertThat(result.output()).startsWith("wirewatch: found only Java 17 (" + jdk17 + ")")
                .contains("needs a JDK 21 or newer", "set JAVA_HOME");
    }

    @Test
    void noJdkAtAllIsOneLineAndStatus2() throws Exception {
        Result result = run(List.of(checkout.resolve("wirewatch").toString(), "demo"), null, "");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.output().strip().lines()).hasSize(1);
        assertThat(result.output()).startsWith("wirewatch: no JDK found").contains("JDK 21 or newer");
    }

    private record Result(int exit, String output) {
    }

    private Result run(List<String> command, Path javaHome, String mavenOpts) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", bin.toString());
        env.put("HOME", tmp.toString());
        env.put("WIREWATCH_JDK_DIRS", "");
        env.put("MAVEN_OPTS", mavenOpts);
        if (javaHome != null) {
            env.put("JAVA_HOME", javaHome.toString());
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    /** A JAVA_HOME whose java reports {@code version} the way a real one does and echoes any other command line. */
    private Path fakeJdk(int version) throws IOException {
        Path home = tmp.resolve("jdk-" + version);
        executable(home.resolve("bin/java"), """
                #!/bin/sh
                case "$*" in
                  *-XshowSettings:properties*) echo "    java.specification.version = %1$d" >&2; echo 'openjdk version "%1$d"' >&2; exit 0 ;;
                  -version) echo 'openjdk version "%1$d"' >&2; exit 0 ;;
                esac
                echo "JAVA $*"
                """.formatted(version));
        return home;
    }

    private void copy(String file) throws IOException {
        Path target = checkout.resolve(file);
        Files.createDirectories(target.getParent());
        Files.copy(REPO.resolve(file), target, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static void executable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        for (String dir : List.of("/usr/bin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool);
            }
        }
        throw new IllegalStateException("no " + tool + " on this machine");
    }
}
