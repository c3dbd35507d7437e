package dev.wirewatch.core.spi;

import java.io.PrintStream;

/**
 * A command-line tool that a module contributes to the {@code wirewatch} command, found with {@link java.util.ServiceLoader}.
 *
 * <p>Implementations are listed in {@code META-INF/services/dev.wirewatch.core.spi.Tool} of their module. The
 * launcher owns the top-level command line; a tool parses the arguments after its own name.
 */
public interface Tool {

    /** The sub-command path that runs this tool, for example {@code "match"} or {@code "feed parse"}. */
    String name();

    /** One line for {@code wirewatch --help}. */
    String description();

    /**
     * Runs the tool to completion.
     *
     * @return the process exit code: 0 on success, 2 on bad input or usage
     */
    int run(String[] args, PrintStream out, PrintStream err) throws Exception;
}
