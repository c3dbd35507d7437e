package dev.wirewatch.launcher;

import dev.wirewatch.core.config.ConfigException;
import dev.wirewatch.core.spi.Tool;
import dev.wirewatch.core.spi.ToolCommandLine;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code wirewatch} command: the demo, the all-in-one and single-service modes, and the tools that modules
 * contribute (match, extract, feed parse, bench e2e, alerts replay).
 *
 * <p>A tool parses its own arguments (through core's {@link ToolCommandLine}); this class finds it by its words, and
 * answers {@code help}, {@code --help} and unknown words at every level: a word it does not know is named with the
 * nearest one it does.
 */
@Command(name = "wirewatch", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Wirewatch watches the news for newsrooms: feeds -> Kafka -> tagged mentions -> alerts.",
        subcommands = {
            DemoCommand.class, RunCommand.class, BrokerCommand.class,
            ServiceCommand.Collector.class, ServiceCommand.Tagger.class, ServiceCommand.Alerter.class,
            ServiceCommand.Console.class
        })
public final class Main implements Runnable {

    /** A tool of the DESIGN.md command line and the module that provides it, for a build that lacks one. */
    record KnownTool(String name, String module) {
    }

    /** A word that groups two-word tools, and one line about them. */
    record Group(String name, String description) {
    }

    static final List<KnownTool> TOOLS = List.of(new KnownTool("match", "matcher"), new KnownTool("extract", "article"),
            new KnownTool("feed parse", "collector"), new KnownTool("bench e2e", "bench"), new KnownTool("bench ingest", "bench"),
            new KnownTool("alerts replay", "alerter"));

    private static final List<Group> GROUPS = List.of(new Group("feed", "Feed tools."), new Group("bench", "Benchmarks."),
            new Group("alerts", "Alert tools."));

    @CommandLine.Spec
    CommandSpec spec;

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the command line and returns the exit code. */
    static int execute(String[] args, PrintStream out, PrintStream err) {
        Map<String, Tool> tools = tools();
        if (args.length > 0 && args[0].equals("help")) {
            return help(Arrays.copyOfRange(args, 1, args.length), tools, out, err);
        }
        for (String name : toolNames()) {
            String[] words = name.split(" ");
            if (args.length >= words.length && Arrays.equals(Arrays.copyOf(args, words.length), words)) {
                return runTool(name, tools.get(name), Arrays.copyOfRange(args, words.length, args.length), out, err);
            }
        }
        if (args.length > 0 && isGroup(args[0])) {
            return group(args[0], Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        return commandLine(tools, out, err).execute(args);
    }

    /** {@code wirewatch help [COMMAND...]}: the usage of the command named, at any level. */
    private static int help(String[] words, Map<String, Tool> tools, PrintStream out, PrintStream err) {
        if (words.length == 0) {
            commandLine(tools, out, err).usage(out);
            return 0;
        }
        String joined = String.join(" ", words);
        if (toolNames().contains(joined)) {
            return runTool(joined, tools.get(joined), new String[] {"--help"}, out, err);
        }
        if (words.length == 1 && isGroup(words[0])) {
            return group(words[0], new String[] {"--help"}, out, err);
        }
        if (words.length >= 2 && isGroup(words[0])) {
            return group(words[0], new String[] {words[1]}, out, err);
        }
        CommandLine cli = commandLine(tools, out, err);
        CommandLine command = cli.getSubcommands().get(words[0]);
        if (command == null || words.length > 1) {
            String word = command == null ? words[0] : words[1];
            err.println("wirewatch help: unknown command '" + word + "'"
                    + ToolCommandLine.suggestion(word, command == null ? commandNames(cli) : List.of()) + " (see wirewatch --help)");
            return ToolCommandLine.USAGE;
        }
        command.usage(out);
        return 0;
    }

    /** A group of two-word tools ({@code feed}, {@code bench}, {@code alerts}) with the words after it. */
    private static int group(String group, String[] rest, PrintStream out, PrintStream err) {
        List<String> members = toolNames().stream().filter(t -> t.startsWith(group + " "))
                .map(t -> t.substring(group.length() + 1)).toList();
        if (rest.length == 0) {
            err.println("wirewatch " + group + ": a command is missing; expected " + String.join(" or ", members)
                    + " (see wirewatch " + group + " --help)");
            return ToolCommandLine.USAGE;
        }
        String word = rest[0];
        if (word.equals("-h") || word.equals("--help") || word.equals("help")) {
            if (word.equals("help") && rest.length > 1) {
                return help(new String[] {group, rest[1]}, tools(), out, err);
            }
            out.println("Usage: wirewatch " + group + " COMMAND [OPTIONS]");
            out.println(GROUPS.stream().filter(g -> g.name().equals(group)).findFirst().orElseThrow().description());
            out.println("Commands:");
            Map<String, Tool> tools = tools();
            for (String member : members) {
                Tool tool = tools.get(group + " " + member);
                out.printf(java.util.Locale.ROOT, "  %-8s %s%n", member, tool != null ? tool.description()
                        : "(not in this build: the " + module(group + " " + member) + " module is missing)");
            }
            out.println("See wirewatch " + group + " COMMAND --help for its options.");
            return 0;
        }
        err.println("wirewatch " + group + ": unknown " + (word.startsWith("-") ? "option" : "command") + " '" + word + "'"
                + ToolCommandLine.suggestion(word, members) + " (see wirewatch " + group + " --help)");
        return ToolCommandLine.USAGE;
    }

    /** Runs a module's tool, or says that its module is not part of this build. */
    private static int runTool(String name, Tool tool, String[] rest, PrintStream out, PrintStream err) {
        if (tool == null) {
            err.println("wirewatch " + name + ": not available in this build (the " + module(name)
                    + " module is not part of it)");
            return ToolCommandLine.USAGE;
        }
        try {
            return tool.run(rest, out, err);
        } catch (Exception e) {
            err.println("wirewatch " + name + ": " + Pipeline.rootMessage(e));
            return 1;
        } catch (NoClassDefFoundError e) {
            // the image leaves the broker module out; bench e2e needs it
            err.println("wirewatch " + name + ": not available in this build (missing " + e.getMessage() + ")");
            return ToolCommandLine.USAGE;
        }
    }

    /** The launcher's own commands, with entries for the tools so that help lists them and typos find them. */
    static CommandLine commandLine(Map<String, Tool> tools, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Main());
        for (KnownTool tool : TOOLS) {
            if (tool.name().contains(" ")) {
                continue;
            }
            Tool found = tools.get(tool.name());
            cli.addSubcommand(tool.name(), listing(tool.name(), found != null ? found.description()
                    : "(not in this build: the " + tool.module() + " module is missing)"));
        }
        for (Group group : GROUPS) {
            List<String> members = toolNames().stream().filter(t -> t.startsWith(group.name() + " ")).toList();
            cli.addSubcommand(group.name(), listing(group.name(), group.description() + " " + String.join(", ",
                    members.stream().map(m -> "'" + m + "'").toList())));
        }
        cli.addSubcommand("help", listing("help", "Print the usage of a command: help [COMMAND...]."));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((ex, arguments) -> {
            ex.getCommandLine().getErr().println(ToolCommandLine.usageError(ex));
            return ToolCommandLine.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof StartupException || ex instanceof ConfigException || ex instanceof IllegalArgumentException) {
                LoggerFactory.getLogger(Main.class).debug("Start-up failed", ex);
                commandLine.getErr().println("wirewatch: " + ex.getMessage());
                return ToolCommandLine.USAGE;
            }
            throw ex;
        });
        return cli;
    }

    /** A help-only entry; {@link #execute} runs tools before picocli sees them. */
    private static CommandLine listing(String name, String description) {
        CommandSpec entry = CommandSpec.wrapWithoutInspection((Runnable) () -> {
        });
        entry.name(name);
        entry.usageMessage().description(description);
        return new CommandLine(entry);
    }

    private static List<String> commandNames(CommandLine cli) {
        return new ArrayList<>(cli.getSubcommands().keySet());
    }

    /** The tools on the class path, by name. */
    static Map<String, Tool> tools() {
        Map<String, Tool> tools = new LinkedHashMap<>();
        ServiceLoader.load(Tool.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(Tool::name)).forEach(t -> tools.put(t.name(), t));
        return tools;
    }

    private static List<String> toolNames() {
        return TOOLS.stream().map(KnownTool::name).toList();
    }

    private static String module(String tool) {
        return TOOLS.stream().filter(t -> t.name().equals(tool)).map(KnownTool::module).findFirst().orElse("?");
    }

    private static boolean isGroup(String word) {
        return GROUPS.stream().anyMatch(g -> g.name().equals(word));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"wirewatch " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
