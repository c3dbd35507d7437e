package dev.wirewatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirewatch.console.ConsoleSettings;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.http.ServiceEndpoints;
import dev.wirewatch.core.secrets.SecretKeys;
import dev.wirewatch.core.secrets.SecretSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The all-in-one commands' defaults: loopback unless told otherwise, and a sealing key kept with the data. */
class LocalDefaultsTest {

    @Test
    void theConsoleAndTheHealthEndpointBindToLoopbackUnlessAHostOrASettingSaysOtherwise() throws Exception {
        WirewatchConfig plain = LocalDefaults.bind(WirewatchConfig.of(Map.of()), null);
        assertThat(plain.get(ConsoleSettings.HOST)).isEqualTo("127.0.0.1");
        assertThat(plain.get(CoreSettings.HTTP_HOST)).isEqualTo("127.0.0.1");
        WirewatchConfig set = LocalDefaults.bind(WirewatchConfig.load(null, Map.of("WIREWATCH_CONSOLE_HOST", "0.0.0.0"),
                Map.of()), null);
        assertThat(set.get(ConsoleSettings.HOST)).isEqualTo("0.0.0.0");
        assertThat(set.get(CoreSettings.HTTP_HOST)).isEqualTo("127.0.0.1");
        WirewatchConfig flag = LocalDefaults.bind(WirewatchConfig.of(Map.of()), "0.0.0.0");
        assertThat(flag.get(ConsoleSettings.HOST)).isEqualTo("0.0.0.0");
        assertThat(flag.get(CoreSettings.HTTP_HOST)).isEqualTo("0.0.0.0");

        // what binding to the default means: the endpoint answers on loopback and the socket is the loopback address
        PrometheusMeterRegistry meters = ServiceEndpoints.newRegistry();
        try (ServiceEndpoints endpoints = ServiceEndpoints.start(plain.get(CoreSettings.HTTP_HOST), 0, meters,
                new HealthChecks())) {
            assertThat(endpoints.port()).isPositive();
            assertThat(InetAddress.getByName(plain.get(CoreSettings.HTTP_HOST)).isLoopbackAddress()).isTrue();
        }
        assertThat(LocalDefaults.url("127.0.0.1", 8080, "/")).isEqualTo("http://127.0.0.1:8080/");
        assertThat(LocalDefaults.url("0.0.0.0", 8080, "/")).contains("every interface");
    }

    @Test
    void aSealingKeyIsMadeOnceInTheDataDirectoryAndKept(@TempDir Path data) throws Exception {
        WirewatchConfig first = LocalDefaults.secretsKey(WirewatchConfig.of(Map.of()), data);
        Path file = Path.of(first.get(SecretSettings.KEY_FILE));
        assertThat(file).isEqualTo(data.resolve("secrets.key").toAbsolutePath());
        String key = Files.readString(file);
        if (Files.getFileStore(data).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        WirewatchConfig second = LocalDefaults.secretsKey(WirewatchConfig.of(Map.of()), data);
        assertThat(Files.readString(Path.of(second.get(SecretSettings.KEY_FILE)))).isEqualTo(key);
        String sealed = SecretKeys.fromConfig(first).seal("whsec_x", "c");
        assertThat(SecretKeys.fromConfig(second).open(sealed, "c")).isEqualTo("whsec_x");
        // a configured key wins: no file is made
        WirewatchConfig own = LocalDefaults.secretsKey(WirewatchConfig.of(Map.of("secrets.key", SecretKeys.newKey("mine"))),
                data.resolve("other"));
        assertThat(own.isSet(SecretSettings.KEY_FILE)).isFalse();
        assertThat(Files.exists(data.resolve("other"))).isFalse();
    }
}
