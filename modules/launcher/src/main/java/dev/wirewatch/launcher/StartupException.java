package dev.wirewatch.launcher;

/**
 * Start-up cannot go on: the message is one line for the user that names the cause and what to change (a flag or a
 * setting); the launcher prints it after {@code wirewatch: } and exits with status 2.
 */
final class StartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StartupException(String message) {
        super(message);
    }

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
