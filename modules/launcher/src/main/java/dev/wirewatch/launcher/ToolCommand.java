package dev.wirewatch.launcher;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Help entries for the tools that modules contribute; {@link Main} runs the tools themselves before picocli parses,
 * so these classes only run when the tool's module is missing.
 */
final class ToolCommand {

    private ToolCommand() {
    }

    abstract static class Base implements java.util.concurrent.Callable<Integer> {
        @Parameters(arity = "0..*", hidden = true)
        List<String> args;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        abstract String tool();

        @Override
        public Integer call() {
            // a tool of two words whose second word is wrong or missing: name the ones that exist
            List<String> known = Main.TOOLS.stream().map(t -> t[0]).filter(t -> t.startsWith(spec.name() + " "))
                    .filter(t -> Main.findTool(t).isPresent()).map(t -> t.substring(spec.name().length() + 1)).toList();
            if (!known.isEmpty()) {
                String word = args == null || args.isEmpty() ? null : args.get(0);
                spec.commandLine().getErr().println("wirewatch " + spec.name() + ": "
                        + (word == null ? "a command is missing" : "unknown command '" + word + "'") + "; expected "
                        + String.join(" or ", known) + " (see wirewatch " + spec.name() + " " + known.get(0) + " --help)");
                return 2;
            }
            spec.commandLine().getErr().println("wirewatch " + tool() + ": not available yet (its module is not part of this build)");
            return 2;
        }
    }

    @Command(name = "match", description = "Offline matching of JSONL articles against JSONL tracked topics.")
    static final class Match extends Base {
        @Override
        String tool() {
            return "match";
        }
    }

    @Command(name = "extract", description = "Main-text extraction of HTML files (plain or .gz) as JSONL.")
    static final class Extract extends Base {
        @Override
        String tool() {
            return "extract";
        }
    }

    @Command(name = "feed", description = "Feed tools: 'feed parse FILE|URL' prints the parsed feed as JSON.")
    static final class Feed extends Base {
        @Override
        String tool() {
            return "feed " + (args == null || args.isEmpty() ? "" : args.get(0));
        }
    }

    @Command(name = "bench", description = "Benchmarks: 'bench e2e' runs the end-to-end load run.")
    static final class Bench extends Base {
        @Override
        String tool() {
            return "bench " + (args == null || args.isEmpty() ? "" : args.get(0));
        }
    }

    @Command(name = "alerts", description = "Alert tools: 'alerts replay --from T --to T [--subscription ID]' re-sends alerts.")
    static final class Alerts extends Base {
        @Override
        String tool() {
            return "alerts " + (args == null || args.isEmpty() ? "" : args.get(0));
        }
    }
}
