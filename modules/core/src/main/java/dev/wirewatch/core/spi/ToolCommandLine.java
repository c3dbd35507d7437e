package dev.wirewatch.core.spi;

import dev.wirewatch.core.config.Nearest;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Parses a {@link Tool}'s arguments with picocli the way every {@code wirewatch} command does: {@code -h}/{@code --help}
 * prints the usage on standard output (exit 0), and a usage error is one line on standard error that names the bad
 * flag or value (exit 2).
 *
 * <p>The options object is a picocli {@code @Command} whose name is the whole command, such as {@code "wirewatch
 * match"}, with a {@code customSynopsis} of one line; the caller makes a fresh one for every run.
 */
public final class ToolCommandLine {

    /** The exit code of a usage error. */
    public static final int USAGE = 2;

    private ToolCommandLine() {
    }

    /**
     * Fills {@code options} from {@code args}, then runs {@code body}.
     *
     * @return what {@code body} returns, 0 after {@code --help}, {@link #USAGE} on a usage error
     * @throws Exception what {@code body} throws
     */
    public static int execute(Object options, String[] args, PrintStream out, PrintStream err, Callable<Integer> body)
            throws Exception {
        CommandLine cli = new CommandLine(options);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(args);
        } catch (ParameterException e) {
            err.println(usageError(e));
            return USAGE;
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            return 0;
        }
        return body.call();
    }

    /**
     * One line: the command, what is wrong with its arguments (an unknown option or command is named, with the nearest
     * valid one), and its synopsis or where to find it.
     */
    public static String usageError(ParameterException e) {
        CommandLine cli = e.getCommandLine();
        CommandLine.Model.CommandSpec spec = cli.getCommandSpec();
        String[] synopsis = spec.usageMessage().customSynopsis();
        // picocli checks required options before it complains of unknown ones; a misspelt flag is the better clue
        List<String> unmatched = e instanceof UnmatchedArgumentException u ? u.getUnmatched() : cli.getUnmatchedArguments();
        String message = unmatched.isEmpty() ? String.valueOf(e.getMessage()).strip().replaceAll("\\s*\\R\\s*", " ")
                : unknownWord(spec, unmatched.get(0));
        return spec.qualifiedName() + ": " + message
                + (synopsis.length > 0 ? " (usage: " + synopsis[0].strip() + ")" : " (see " + spec.qualifiedName() + " --help)");
    }

    private static String unknownWord(CommandLine.Model.CommandSpec spec, String word) {
        if (word.startsWith("-") && word.length() > 1) {
            String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            List<String> options = spec.options().stream().filter(o -> !o.hidden())
                    .map(o -> o.longestName()).distinct().toList();
            return "unknown option '" + name + "'" + suggestion(name, options);
        }
        if (!spec.subcommands().isEmpty()) {
            List<String> commands = spec.subcommands().entrySet().stream()
                    .filter(c -> !c.getValue().getCommandSpec().usageMessage().hidden())
                    .map(java.util.Map.Entry::getKey).distinct().toList();
            return "unknown command '" + word + "'" + suggestion(word, commands);
        }
        return "unexpected argument '" + word + "'";
    }

    /** See {@link Nearest#suggestion}. */
    public static String suggestion(String word, Collection<String> valid) {
        return Nearest.suggestion(word, valid);
    }
}
