package dev.wirewatch.launcher;

import dev.wirewatch.core.config.ConfigException;
import dev.wirewatch.core.spi.Tool;
import dev.wirewatch.core.spi.ToolCommandLine;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code wirewatch} command: the demo, the all-in-one and single-service modes, and the tools that modules
 * contribute (match, extract, feed parse, bench e2e).
 */
@Command(name = "wirewatch", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Wirewatch watches the news for newsrooms: feeds -> Kafka -> tagged mentions -> alerts.",
        subcommands = {
            DemoCommand.class, RunCommand.class, BrokerCommand.class,
            ServiceCommand.Collector.class, ServiceCommand.Tagger.class, ServiceCommand.Alerter.class,
            ServiceCommand.Console.class,
            ToolCommand.Match.class, ToolCommand.Extract.class, ToolCommand.Feed.class, ToolCommand.Bench.class,
            ToolCommand.Alerts.class, CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    /** Tools of the DESIGN.md command line and the module that provides each. */
    static final List<String[]> TOOLS = List.of(
            new String[] {"match", "matcher"},
            new String[] {"extract", "collector"},
            new String[] {"feed parse", "collector"},
            new String[] {"bench e2e", "bench"},
            new String[] {"alerts replay", "alerter"});

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the command line and returns the exit code. */
    static int execute(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 1 && args[0].equals("help")) {
            // help for a module's tool is the tool's own --help
            String[] rest = Arrays.copyOfRange(args, 1, args.length + 1);
            rest[rest.length - 1] = "--help";
            Optional<int[]> toolHelp = runTool(rest, out, err);
            if (toolHelp.isPresent()) {
                return toolHelp.get()[0];
            }
        }
        Optional<int[]> tool = runTool(args, out, err);
        if (tool.isPresent()) {
            return tool.get()[0];
        }
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setParameterExceptionHandler((ex, arguments) -> {
            ex.getCommandLine().getErr().println(ToolCommandLine.usageError(ex));
            return ToolCommandLine.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ConfigException || ex instanceof IllegalArgumentException) {
                commandLine.getErr().println("wirewatch: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cli.execute(args);
    }

    /** Runs {@code args} as a module tool when they name one; empty when they name a launcher command. */
    static Optional<int[]> runTool(String[] args, PrintStream out, PrintStream err) {
        for (String[] known : TOOLS) {
            String[] words = known[0].split(" ");
            if (args.length < words.length || !Arrays.equals(Arrays.copyOf(args, words.length), words)) {
                continue;
            }
            String[] rest = Arrays.copyOfRange(args, words.length, args.length);
            Optional<Tool> found = findTool(known[0]);
            if (found.isEmpty()) {
                err.println("wirewatch " + known[0] + ": not available yet (the " + known[1]
                        + " module is not part of this build)");
                return Optional.of(new int[] {2});
            }
            try {
                return Optional.of(new int[] {found.get().run(rest, out, err)});
            } catch (Exception e) {
                err.println("wirewatch " + known[0] + ": " + e.getMessage());
                return Optional.of(new int[] {1});
            } catch (NoClassDefFoundError e) {
                // the image leaves the broker module out; bench e2e needs it
                err.println("wirewatch " + known[0] + ": not available in this build (missing " + e.getMessage() + ")");
                return Optional.of(new int[] {2});
            }
        }
        return Optional.empty();
    }

    static Optional<Tool> findTool(String name) {
        return ServiceLoader.load(Tool.class).stream().map(ServiceLoader.Provider::get)
                .filter(t -> t.name().equals(name)).findFirst();
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
