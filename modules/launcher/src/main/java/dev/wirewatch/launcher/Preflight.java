package dev.wirewatch.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checks, before anything starts, what would otherwise fail deep inside a library with a stack trace: that each port
 * can be bound and that the data directory can be written. Each failure is a {@link StartupException} naming the
 * flag that changes it.
 *
 * <p>The flag names depend on the command: the demo has {@code --kafka-port}, {@code --port} and {@code --data}; other
 * commands set the same things with {@code --set key=value}.
 */
final class Preflight {

    private final Map<String, String> flags;

    /** @param flags the command's own flag for a setting key, e.g. {@code kafka.embedded.port -> --kafka-port} */
    Preflight(Map<String, String> flags) {
        this.flags = Map.copyOf(flags);
    }

    /** How the user changes {@code key} with this command: its own flag or {@code --set key=...}. */
    String flag(String key, String placeholder) {
        String own = flags.get(key);
        return (own != null ? own + " " : "--set " + key + "=") + placeholder;
    }

    /**
     * Fails when {@code port} on {@code host} is taken (0 is always free).
     *
     * @param what what wanted the port, e.g. "the embedded Kafka broker"
     * @param key the setting that holds the port
     */
    void portFree(String what, String host, int port, String key) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
        } catch (IOException e) {
            throw new StartupException("port " + port + " (" + what + ") is already in use on " + host
                    + " by another program; stop it or choose another port with " + flag(key, "PORT"));
        }
    }

    /** Fails when {@code dir} is not a directory that this process can create (when missing) and write. */
    void dataDirWritable(Path dir, String key) {
        Path absolute = dir.toAbsolutePath().normalize();
        String remedy = "; choose another with " + flag(key, "DIR");
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new StartupException("the data directory " + absolute + " is a file, not a directory" + remedy);
        }
        try {
            Files.createDirectories(absolute);
            Path probe = Files.createTempFile(absolute, ".wirewatch-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new StartupException("the data directory " + absolute + " cannot be written (" + reason(e) + ")" + remedy);
        }
    }

    private static String reason(Exception e) {
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e.getClass().getSimpleName();
    }
}
