package dev.wirewatch.launcher;

import dev.wirewatch.console.ConsoleSettings;
import dev.wirewatch.core.config.ConfigException;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.secrets.SecretKeys;
import dev.wirewatch.core.secrets.SecretSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The defaults of the all-in-one commands ({@code demo}, {@code run}) on a laptop: listen on the loopback address
 * unless {@code --host} or a setting says otherwise, and keep a key for sealing secrets in the data directory when
 * none is configured.
 */
final class LocalDefaults {

    /** The loopback address the all-in-one commands bind to by default. */
    static final String LOOPBACK = "127.0.0.1";
    /** The name of the generated key file in the data directory. */
    static final String KEY_FILE = "secrets.key";

    private LocalDefaults() {
    }

    /**
     * Binds the console and the health endpoint to {@code host} when given, else to the loopback address unless a
     * setting names another.
     */
    static WirewatchConfig bind(WirewatchConfig config, String host) {
        Map<String, String> out = new LinkedHashMap<>();
        if (host != null && !host.isBlank()) {
            out.put(ConsoleSettings.HOST.key(), host.strip());
            out.put(CoreSettings.HTTP_HOST.key(), host.strip());
        } else {
            if (!config.isSet(ConsoleSettings.HOST)) {
                out.put(ConsoleSettings.HOST.key(), LOOPBACK);
            }
            if (!config.isSet(CoreSettings.HTTP_HOST)) {
                out.put(CoreSettings.HTTP_HOST.key(), LOOPBACK);
            }
        }
        return out.isEmpty() ? config : config.with(out);
    }

    /**
     * Uses the key file in {@code dataDir} (made on first use, readable by its owner only) when no key is configured,
     * so that sealed secrets stay readable across restarts with the same data.
     */
    static WirewatchConfig secretsKey(WirewatchConfig config, Path dataDir) {
        if (config.isSet(SecretSettings.KEY) || config.isSet(SecretSettings.KEY_FILE)) {
            return config;
        }
        Path file = dataDir.resolve(KEY_FILE).toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                byte[] key = (SecretKeys.newKey("local1") + "\n").getBytes(StandardCharsets.UTF_8);
                try {
                    if (Files.getFileStore(dataDir).supportsFileAttributeView("posix")) {
                        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    } else {
                        Files.createFile(file);
                    }
                    Files.write(file, key);
                } catch (FileAlreadyExistsException e) {
                    // another process made it first: use theirs
                }
            }
        } catch (IOException e) {
            throw new ConfigException(SecretSettings.KEY_FILE.key(), "cannot keep a key in " + file + ": " + e
                    + "; set " + SecretSettings.KEY.envName() + " instead");
        }
        return config.with(SecretSettings.KEY_FILE.key(), file.toString());
    }

    /**
     * The URL a person opens for a path of a server bound to {@code host}; for the wildcard address, the host name and
     * a note that every interface listens.
     */
    static String url(String host, int port, String path) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            String name;
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                name = host;
            }
            return "http://" + name + ":" + port + path + " (listening on every interface, " + host + ")";
        }
        return "http://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port + path;
    }
}
