package dev.wirewatch.core.config;

/** A setting is missing or wrong; the message names the setting and says why. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    /** The setting at fault, for example {@code kafka.bootstrap-servers}. */
    public String key() {
        return key;
    }
}
