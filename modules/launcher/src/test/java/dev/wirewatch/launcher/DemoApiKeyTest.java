package dev.wirewatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's API key: kept in a {@code --data} directory across restarts, fresh for a temporary one. */
class DemoApiKeyTest {

    @TempDir
    Path data;

    @Test
    void aKeptDataDirectoryKeepsTheKeyAcrossRestartsReadableByItsOwnerOnly() throws Exception {
        String first = DemoCommand.apiKey(data, true);
        assertThat(first).matches("ww_demo_[0-9a-f]{24}");
        assertThat(DemoCommand.apiKey(data, true)).isEqualTo(first);
        Path file = data.resolve(DemoCommand.API_KEY_FILE);
        assertThat(Files.readString(file).strip()).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aTemporaryDirectoryGetsAFreshKeyAndNoFile() {
        String first = DemoCommand.apiKey(data, false);
        assertThat(DemoCommand.apiKey(data, false)).isNotEqualTo(first);
        assertThat(data.resolve(DemoCommand.API_KEY_FILE)).doesNotExist();
    }

    @Test
    void aDamagedKeyFileIsReplaced() throws Exception {
        Files.writeString(data.resolve(DemoCommand.API_KEY_FILE), "not a key\n");
        String key = DemoCommand.apiKey(data, true);
        assertThat(key).matches("ww_demo_[0-9a-f]{24}");
        assertThat(DemoCommand.apiKey(data, true)).isEqualTo(key);
    }
}
