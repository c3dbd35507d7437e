package dev.wirewatch.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.launcher.Main;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The launcher's {@code images} profile builds the image that the chart and docker-compose.yml run. */
class ImageProfileTest {

    private final DeployFiles.ImageProfile profile = DeployFiles.imageProfile();

    @Test
    void jibIsPinnedInTheRootPom() {
        assertThat(DeployFiles.managedPluginVersion("jib-maven-plugin")).isEqualTo("3.4.6");
    }

    @Test
    void theImageRunsTheLauncherAsANumericNonRootUser() {
        assertThat(profile.text("container/mainClass")).isEqualTo(Main.class.getName());
        String user = profile.text("container/user");
        assertThat(user).as("numeric uid:gid, so that Kubernetes can check runAsNonRoot").matches("\\d+:\\d+");
        assertThat(Integer.parseInt(user.split(":")[0])).isPositive();
    }

    @Test
    void theHeapIsSizedFromTheContainerLimitAndCanBeReplaced() {
        Map<String, String> env = profile.environment();
        // in JAVA_TOOL_OPTIONS, not on the java command line, where it would win over a deployment's own options
        assertThat(env.get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=");
        assertThat(profile.texts("container/jvmFlags/jvmFlag")).noneMatch(f -> f.contains("RAMPercentage"))
                .contains("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void theImageExposesTheServicePortsAndAWritableDataDirectory() {
        assertThat(profile.texts("container/ports/port")).contains(CoreSettings.HTTP_PORT.defaultValue(), "8080");
        // the root file system may be read-only: local state defaults to /tmp, which deployments mount writable
        assertThat(profile.environment().get(CoreSettings.DATA_DIR.envName())).startsWith("/tmp/");
    }

    @Test
    void everyStageTheImageRunsIsALauncherCommand() {
        Map<String, CommandLine> commands = new CommandLine(new Main()).getSubcommands();
        assertThat(commands).containsKeys(KnownSettings.STAGES.toArray(String[]::new));
    }

    @Test
    void theImageLeavesTheEmbeddedBrokerOut() {
        // -Pimages turns off the profiles that are active by default: the only place the broker is on the runtime path
        // (its test-jar, the shared test broker, is for the launcher's own tests)
        assertThat(DeployFiles.launcherDeclarations("wirewatch-broker")).containsExactlyInAnyOrder("test", "test test-jar",
                "runtime in profile embedded-broker, active by default", "excluded from wirewatch-bench");
    }

    @Test
    void theDefaultImageNameCarriesTheProjectVersion() {
        assertThat(profile.image()).isEqualTo("wirewatch/wirewatch:" + profile.projectVersion());
    }
}
